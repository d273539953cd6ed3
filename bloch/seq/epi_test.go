package seq_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// epiKTol is the k-space tolerance of the block walks [1/m]: k is a sum of a
// few hundred trapezoid areas of up to ~500 /m in float64, so rounding is
// ~1e-11 /m; 1e-6 /m is 4e-9 of a k-space step at FOV 0.256 m.
const epiKTol = 1e-6

// walkedADC is one ADC event found by walkADCs.
type walkedADC struct {
	block  int          // index into Blocks
	pulse  float64      // time of the last excitation centre [s]
	t      []float64    // sample times from the sequence start [s]
	k      [][3]float64 // sample k-space positions [1/m]
	labels map[seq.Label]int
	onFlat []bool // sample lies on the flat top of the block's Gx trapezoid
}

// walkADCs integrates every gradient of s block by block with the test's
// own integrate (not the package's KSpace), setting k to zero at the centre
// of every excitation pulse, and returns every ADC with its samples' k and
// times and the label state of its block.
func walkADCs(t *testing.T, s *seq.Sequence) []walkedADC {
	t.Helper()
	var out []walkedADC
	var k [3]float64
	labels := map[seq.Label]int{}
	tStart, pulse := 0.0, math.NaN()
	for i := range s.Blocks {
		b := &s.Blocks[i]
		for _, l := range b.Labels {
			if l.Inc {
				labels[l.Label] += l.Value
			} else {
				labels[l.Label] = l.Value
			}
		}
		from := 0.0
		if b.RF != nil && b.RF.Use == seq.Excitation {
			from = b.RF.Delay + b.RF.Center
			pulse = tStart + from
			k = [3]float64{}
			if b.ADC != nil {
				t.Fatalf("block %d: ADC in the excitation block", i+1)
			}
		}
		if a := b.ADC; a != nil {
			r := walkedADC{block: i, pulse: pulse, labels: map[seq.Label]int{}}
			for l, v := range labels {
				r.labels[l] = v
			}
			for n := range a.Samples {
				ts := a.Delay + (float64(n)+0.5)*a.Dwell
				var kn [3]float64
				for ax := range 3 {
					kn[ax] = k[ax] + integrate(b.Grad(ax), 0, ts)
				}
				flat := b.Gx != nil && b.Gx.IsTrapezoid() &&
					ts >= b.Gx.Delay+b.Gx.Rise-1e-12 && ts <= b.Gx.Delay+b.Gx.Rise+b.Gx.Flat+1e-12
				r.t = append(r.t, tStart+ts)
				r.k = append(r.k, kn)
				r.onFlat = append(r.onFlat, flat)
			}
			out = append(out, r)
		}
		for ax := range 3 {
			k[ax] += integrate(b.Grad(ax), from, b.Duration)
		}
		tStart += b.Duration
	}
	return out
}

// checkWalkKSpace checks the walk against the package's KSpace, which
// integrates the same events by another route (corner polylines).
func checkWalkKSpace(t *testing.T, s *seq.Sequence, ros []walkedADC) {
	t.Helper()
	ks := s.KSpace()
	i := 0
	for _, r := range ros {
		for n := range r.k {
			for ax := range 3 {
				if math.Abs(ks[i][ax]-r.k[n][ax]) > epiKTol {
					t.Fatalf("sample %d: KSpace %v, walk %v", i, ks[i], r.k[n])
				}
			}
			i++
		}
	}
	if i != len(ks) {
		t.Fatalf("KSpace has %d samples, the walk %d", len(ks), i)
	}
}

// TestEPIKSpace walks the blocks of single-shot, multi-shot, flat-top and
// ramp-sampled EPIs independently of the builder and checks: Check passes;
// every readout has ky = (LIN − N/2)/FOV and kz = 0 at every sample (the
// blips lie outside the ADC); the flat-top samples sit on the Cartesian
// grid, kx = (n − M/2)/FOV on positive readouts and (M/2 − 1 − n)/FOV on
// reversed ones (all N samples without ramp sampling; with it the
// samples span at least the grid's kx range); directions alternate within
// a shot and REV marks the negative ones; shot s acquires lines s,
// s+Shots, ... with SEG = s; every line is acquired once; TE is the time
// from the pulse centre to the kx = ky = 0 sample (1 ns) and within half a
// block raster of the value asked; pulses are TR apart (1 ns).
func TestEPIKSpace(t *testing.T) {
	for _, p := range []seq.EPIParams{
		{},
		{Matrix: 128},
		{RampSampling: true},
		{Matrix: 128, RampSampling: true},
		{Shots: 4, TR: 0.05},
		{Matrix: 96, FOV: 0.22, Shots: 3, RampSampling: true, TE: 0.02, TR: 0.1},
		{Matrix: 32, Shots: 2, Dwell: 8e-6, TE: 0.03, FlipAngle: math.Pi / 6},
		{Matrix: 16, Shots: 16},
	} {
		s, err := seq.EPI(p)
		if err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		n := s.Encoding.Matrix[0]
		fov := s.Encoding.FOV[0]
		shots := max(p.Shots, 1)
		if p.TE != 0 && math.Abs(s.Params.TE-p.TE) > s.System.BlockRaster/2+1e-12 {
			t.Errorf("%+v: TE %g", p, s.Params.TE)
		}
		if s.Params.EchoTrainLength != n/shots {
			t.Errorf("%+v: echo train length %d", p, s.Params.EchoTrainLength)
		}
		ros := walkADCs(t, s)
		checkWalkKSpace(t, s, ros)
		if len(ros) != n {
			t.Fatalf("%+v: %d readouts, want %d", p, len(ros), n)
		}
		seen := make([]int, n)
		teFound := false
		var lastPulse float64
		for i, r := range ros {
			shot, idx := i/(n/shots), i%(n/shots)
			line := r.labels[seq.LIN]
			if line != shot+idx*shots {
				t.Fatalf("%+v: walkedADC %d of shot %d has LIN %d", p, idx, shot, line)
			}
			if shots > 1 && r.labels[seq.SEG] != shot {
				t.Fatalf("%+v: shot %d has SEG %d", p, shot, r.labels[seq.SEG])
			}
			seen[line]++
			if idx == 0 && i > 0 && math.Abs(r.pulse-lastPulse-s.Params.TR) > 1e-9 {
				t.Fatalf("%+v: shot %d starts %g s after the previous, TR %g", p, shot, r.pulse-lastPulse, s.Params.TR)
			}
			lastPulse = r.pulse
			m := len(r.k)
			forward := r.k[m-1][0] > r.k[0][0]
			if (r.labels[seq.REV] == 1) == forward {
				t.Fatalf("%+v: line %d: REV %d on a walkedADC going %v", p, line, r.labels[seq.REV], map[bool]string{true: "+x", false: "−x"}[forward])
			}
			if idx > 0 && forward == (ros[i-1].k[m-1][0] > ros[i-1].k[0][0]) {
				t.Fatalf("%+v: readouts %d and %d of shot %d go the same way", p, idx-1, idx, shot)
			}
			ky := float64(line-n/2) / fov
			flat := 0
			for j, k := range r.k {
				if math.Abs(k[1]-ky) > epiKTol || math.Abs(k[2]) > epiKTol {
					t.Fatalf("%+v: line %d sample %d: k %v, want ky %g, kz 0", p, line, j, k, ky)
				}
				if j > 0 && (k[0] > r.k[j-1][0]) != forward {
					t.Fatalf("%+v: line %d: kx not monotonic at sample %d", p, line, j)
				}
				if !r.onFlat[j] {
					continue
				}
				flat++
				want := float64(j-m/2) / fov
				if !forward {
					want = float64(m/2-1-j) / fov
				}
				if math.Abs(k[0]-want) > epiKTol {
					t.Fatalf("%+v: line %d flat-top sample %d: kx %g, want %g", p, line, j, k[0], want)
				}
				if line == n/2 && math.Abs(k[0]) < epiKTol {
					teFound = true
					if te := r.t[j] - r.pulse; math.Abs(te-s.Params.TE) > 1e-9 {
						t.Fatalf("%+v: k-space centre %g s after the pulse, TE %g", p, te, s.Params.TE)
					}
				}
			}
			lo, hi := math.Min(r.k[0][0], r.k[m-1][0]), math.Max(r.k[0][0], r.k[m-1][0])
			if p.RampSampling {
				if flat == 0 || flat == m || lo > -float64(n/2)/fov+epiKTol || hi < float64(n/2-1)/fov-epiKTol {
					t.Fatalf("%+v: line %d: %d of %d samples on the flat top, kx from %g to %g", p, line, flat, m, lo, hi)
				}
			} else if m != n || flat != n {
				t.Fatalf("%+v: line %d: %d samples, %d on the flat top", p, line, m, flat)
			}
		}
		for j, c := range seen {
			if c != 1 {
				t.Fatalf("%+v: line %d acquired %d times", p, j, c)
			}
		}
		if !teFound {
			t.Errorf("%+v: no sample at the k-space centre", p)
		}
	}
}

// TestEPIRoundTrip writes EPIs (flat-top, ramp-sampled, multi-shot) as
// Pulseq 1.5.1, reads them back and checks that the events are the same
// (diffSeq: times to 1 ps, piecewise-linear blips to 1e-9 of their peak,
// trapezoids, ADCs and labels exactly), that the read-back sequence passes
// Check and writes the same bytes.
func TestEPIRoundTrip(t *testing.T) {
	for _, p := range []seq.EPIParams{{Matrix: 32}, {Matrix: 32, RampSampling: true}, {Matrix: 32, Shots: 4, TR: 0.03}} {
		s, err := seq.EPI(p)
		if err != nil {
			t.Fatal(err)
		}
		var w1, w2 bytes.Buffer
		if err := seq.WritePulseq(&w1, s); err != nil {
			t.Fatal(err)
		}
		r, info, err := seq.ReadPulseq(bytes.NewReader(w1.Bytes()), "epi.seq")
		if err != nil {
			t.Fatal(err)
		}
		if len(info.Warnings) != 0 || info.Signature.Status != seq.SignatureOK {
			t.Errorf("%+v: warnings %v, signature %v", p, info.Warnings, info.Signature.Status)
		}
		if d := diffSeq(s, r, false); d != "" {
			t.Fatalf("%+v: write → read: %s", p, d)
		}
		if err := r.Check(); err != nil {
			t.Errorf("%+v: read back: %v", p, err)
		}
		if err := seq.WritePulseq(&w2, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Errorf("%+v: the read-back sequence writes different bytes", p)
		}
	}
}

// TestEPIErrors checks that impossible parameters are refused with an
// error rather than a panic or a sequence that breaks the limits.
func TestEPIErrors(t *testing.T) {
	for _, p := range []seq.EPIParams{
		{Matrix: 63},
		{Matrix: 2},
		{Matrix: 64, Shots: 3},
		{Shots: -1},
		{FOV: -1},
		{FOV: math.Inf(1)},
		{SliceThickness: math.NaN()},
		{FlipAngle: 4},
		{Dwell: -1e-6},
		{Dwell: 1e-6}, // 1/(FOV·dwell) = 92 mT/m
		{TE: 1e-3},
		{TR: 10e-3},
		{TE: math.NaN()},
	} {
		if _, err := seq.EPI(p); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}
