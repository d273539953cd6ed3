package bloch_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestMemoryPerSpin checks the memory budget: everything Simulate
// allocates, transient or kept, minus the output's samples, is at most 100
// bytes per spin. It counts runtime.MemStats.TotalAlloc, an upper bound on
// the peak: 140,851 spins (the 512² Shepp-Logan) under a 64×64 GRE. The
// allocation count is logged: the timeline keeps a few slices per RF pulse
// and ADC; the simulation itself allocates nothing per block.
func TestMemoryPerSpin(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 140,851 spins")
	}
	obj, err := phantom.SheppLogan2D(512, 0.256, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	s, err := seq.GRE(seq.GREParams{Matrix: 64})
	if err != nil {
		t.Fatal(err)
	}
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{Workers: 2})
	runtime.ReadMemStats(&m1)
	if err != nil {
		t.Fatal(err)
	}
	out := 0
	for _, a := range d.Acquisitions {
		out += len(a.Data) * 8 // complex64
	}
	perSpin := float64(int(m1.TotalAlloc-m0.TotalAlloc)-out) / float64(obj.Len())
	t.Logf("%d spins: %.1f bytes per spin besides the %d bytes of samples; %d allocations for %d blocks",
		obj.Len(), perSpin, out, m1.Mallocs-m0.Mallocs, len(s.Blocks))
	if perSpin > 100 {
		t.Errorf("%.1f bytes per spin, budget 100", perSpin)
	}
}

// TestNoAllocationsPerChunk checks that the simulation itself allocates
// nothing in its steady state: the same 32×32 GRE on 16 times as many spins
// (2,199 and 35,215: 9 and 138 chunks of 256 spins, each run through
// every block) allocates about as often. What it does allocate is set-up
// (the timeline, per RF pulse and ADC) and the output, which do not depend
// on the spins. The bound, 100 more allocations, is below the 129 extra
// chunks, so one allocation per chunk fails it; what the larger object
// does add (30–56 measured) is map growth over its distinct coordinates
// and buffers for chunks finishing out of order (at most one per worker
// in flight).
func TestNoAllocationsPerChunk(t *testing.T) {
	s, err := seq.GRE(seq.GREParams{Matrix: 32})
	if err != nil {
		t.Fatal(err)
	}
	allocs := func(n int) uint64 {
		obj, err := phantom.SheppLogan2D(n, 0.256, 1.5)
		if err != nil {
			t.Fatal(err)
		}
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		if _, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{Workers: 2}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&m1)
		return m1.Mallocs - m0.Mallocs
	}
	small, large := allocs(64), allocs(256)
	t.Logf("allocations: %d for 2,199 spins, %d for 35,215", small, large)
	if large > small+100 {
		t.Errorf("%d allocations for 16× the spins, %d for the small object: the simulation allocates per chunk", large, small)
	}
}
