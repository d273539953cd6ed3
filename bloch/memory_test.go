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
