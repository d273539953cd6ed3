package seq_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestGRE3DKSpace walks the blocks of 3D GREs (slab-selective and
// non-selective, with dummy scans, TE and TR asked) independently of the
// builder and checks: Check passes; readout sample n of line j, partition
// p is at k = ((n − Nx/2)/FOVx, (j − Ny/2)/FOVy, (p − Nz/2)/FOVz) to
// 1e-6 /m; LIN = j and PAR = p; every (j, p) is acquired once; the block
// after each readout rewinds ky to 0 and leaves kz at the spoiler's
// 4·Nz/FOVz; sample Nx/2 is TE after the pulse centre (1 ns) and TE is
// within half a block raster of the value asked; pulses are TR apart
// (1 ns); pulse m has the RF-spoiling phase 117°·m(m+1)/2 (mod 2π) and its
// ADC the same phase.
func TestGRE3DKSpace(t *testing.T) {
	for _, p := range []seq.GRE3DParams{
		{},
		{Matrix: [3]int{32, 24, 8}, FOV: [3]float64{0.2, 0.15, 0.04}, Excitation: seq.HardExcitation, TE: 6e-3, TR: 15e-3, DummyScans: 3},
		{Matrix: [3]int{16, 16, 1}, SlabThickness: 0.01, NoRFSpoiling: true},
		{Matrix: [3]int{16, 8, 5}},
	} {
		s, err := seq.GRE3D(p)
		if err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		if p.TE != 0 && math.Abs(s.Params.TE-p.TE) > s.System.BlockRaster/2+1e-12 {
			t.Errorf("%+v: TE %g", p, s.Params.TE)
		}
		if p.TR != 0 && math.Abs(s.Params.TR-p.TR) > s.System.BlockRaster/2+1e-12 {
			t.Errorf("%+v: TR %g", p, s.Params.TR)
		}
		m, fov := s.Encoding.Matrix, s.Encoding.FOV
		ros := walkADCs(t, s)
		checkWalkKSpace(t, s, ros)
		if len(ros) != m[1]*m[2] {
			t.Fatalf("%+v: %d readouts, want %d", p, len(ros), m[1]*m[2])
		}
		seen := map[[2]int]int{}
		for _, r := range ros {
			j, q := r.labels[seq.LIN], r.labels[seq.PAR]
			seen[[2]int{j, q}]++
			if len(r.k) != m[0] {
				t.Fatalf("%+v: %d samples", p, len(r.k))
			}
			for n, k := range r.k {
				want := [3]float64{float64(n-m[0]/2) / fov[0], float64(j-m[1]/2) / fov[1], float64(q-m[2]/2) / fov[2]}
				for ax := range 3 {
					if math.Abs(k[ax]-want[ax]) > epiKTol {
						t.Fatalf("%+v: line %d partition %d sample %d: k %v, want %v", p, j, q, n, k, want)
					}
				}
			}
			if te := r.t[m[0]/2] - r.pulse; math.Abs(te-s.Params.TE) > 1e-9 {
				t.Fatalf("%+v: echo %g s after the pulse, TE %g", p, te, s.Params.TE)
			}
			// k at the end of the rewinder block after the readout.
			rd, post := &s.Blocks[r.block], &s.Blocks[r.block+1]
			ts := rd.ADC.Delay + (float64(m[0]/2)+0.5)*rd.ADC.Dwell
			ky := r.k[m[0]/2][1] + integrate(rd.Gy, ts, rd.Duration) + integrate(post.Gy, 0, post.Duration)
			kz := r.k[m[0]/2][2] + integrate(rd.Gz, ts, rd.Duration) + integrate(post.Gz, 0, post.Duration)
			if math.Abs(ky) > epiKTol || math.Abs(kz-4*float64(m[2])/fov[2]) > epiKTol {
				t.Fatalf("%+v: line %d partition %d: after the rewinder ky %g, kz %g", p, j, q, ky, kz)
			}
		}
		for j := range m[1] {
			for q := range m[2] {
				if seen[[2]int{j, q}] != 1 {
					t.Fatalf("%+v: line %d partition %d acquired %d times", p, j, q, seen[[2]int{j, q}])
				}
			}
		}
		// Pulse timing and RF spoiling, over every pulse including dummies.
		var tStart, last, lastPhase float64
		pulses := 0
		for i := range s.Blocks {
			b := &s.Blocks[i]
			if b.RF != nil {
				c := tStart + b.RF.Delay + b.RF.Center
				if pulses > 0 && math.Abs(c-last-s.Params.TR) > 1e-9 {
					t.Fatalf("%+v: pulse %d %g s after the previous, TR %g", p, pulses, c-last, s.Params.TR)
				}
				want := 0.0
				if !p.NoRFSpoiling {
					mm := float64(pulses)
					want = math.Remainder(117*math.Pi/180*mm*(mm+1)/2, 2*math.Pi)
				}
				if d := math.Remainder(b.RF.PhaseOffset-want, 2*math.Pi); math.Abs(d) > 1e-9 {
					t.Fatalf("%+v: pulse %d phase %g, want %g", p, pulses, b.RF.PhaseOffset, want)
				}
				last, lastPhase = c, b.RF.PhaseOffset
				pulses++
			}
			if b.ADC != nil && b.ADC.PhaseOffset != lastPhase {
				t.Fatalf("%+v: block %d: ADC phase does not follow its pulse", p, i+1)
			}
			tStart += b.Duration
		}
		if pulses != p.DummyScans+m[1]*m[2] {
			t.Errorf("%+v: %d pulses", p, pulses)
		}
	}
}

// TestGRE3DRoundTrip writes 3D GREs as Pulseq 1.5.1 and reads them back:
// the same events (diffSeq), Check passes, the same bytes written again.
func TestGRE3DRoundTrip(t *testing.T) {
	for _, p := range []seq.GRE3DParams{{Matrix: [3]int{16, 8, 4}}, {Matrix: [3]int{16, 8, 4}, Excitation: seq.HardExcitation, DummyScans: 2, TR: 20e-3}} {
		s, err := seq.GRE3D(p)
		if err != nil {
			t.Fatal(err)
		}
		var w1, w2 bytes.Buffer
		if err := seq.WritePulseq(&w1, s); err != nil {
			t.Fatal(err)
		}
		r, info, err := seq.ReadPulseq(bytes.NewReader(w1.Bytes()), "gre3d.seq")
		if err != nil {
			t.Fatal(err)
		}
		if len(info.Warnings) != 0 || info.Signature.Status != seq.SignatureOK {
			t.Errorf("warnings %v, signature %v", info.Warnings, info.Signature.Status)
		}
		if d := diffSeq(s, r, false); d != "" {
			t.Fatalf("%+v: write → read: %s", p, d)
		}
		if err := r.Check(); err != nil {
			t.Errorf("read back: %v", err)
		}
		if err := seq.WritePulseq(&w2, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Error("the read-back sequence writes different bytes")
		}
	}
}

// TestGRE3DErrors checks that impossible parameters give errors.
func TestGRE3DErrors(t *testing.T) {
	for _, p := range []seq.GRE3DParams{
		{Matrix: [3]int{1, 16, 16}},
		{Matrix: [3]int{16, 16, -1}},
		{FOV: [3]float64{0.2, -0.2, 0.1}},
		{FOV: [3]float64{0.2, 0.2, math.NaN()}},
		{SlabThickness: -1},
		{FlipAngle: -0.1},
		{Dwell: math.Inf(1)},
		{Excitation: seq.Pulse(7)},
		{DummyScans: -1},
		{TE: 1e-3},
		{TR: 2e-3},
		{Dwell: 1e-6}, // 1/(FOV·dwell) = 92 mT/m
	} {
		if _, err := seq.GRE3D(p); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}
