package seq_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// walkTimeTol is the tolerance of the block walks on times [s]: times are sums
// of a few thousand block durations in float64 (relative rounding 1e-16
// over a few seconds), and the builders promise exactness to 1 ns.
const walkTimeTol = 1e-9

// walkKTol is the tolerance on k-space positions at an echo [1/m]: integrals
// of trapezoids of up to ~1e6 Hz/m over ~1 ms, rounded in float64 (~1e-12
// relative), far below one k-space step 1/FOV ≈ 4 /m.
const walkKTol = 1e-6

// echoWalk follows a sequence block by block, independently of the
// builders: it keeps k (the gradient integral since the last excitation
// centre, negated at refocusing centres) and calls its hooks at each pulse
// centre and at sample N/2 of each ADC.
type echoWalk struct {
	onRF   func(b *seq.Block, t float64, k [3]float64) // t: pulse centre [s]; k just before the centre
	onEcho func(b *seq.Block, t float64, k [3]float64) // t: sample N/2 [s]
}

func (w echoWalk) run(s *seq.Sequence) {
	n := s.Encoding.Matrix[0]
	var tStart float64
	var k [3]float64
	for i := range s.Blocks {
		b := &s.Blocks[i]
		switch {
		case b.RF != nil:
			c := b.RF.Delay + b.RF.Center
			for ax := range 3 {
				k[ax] += integrate(b.Grad(ax), 0, c)
			}
			if w.onRF != nil {
				w.onRF(b, tStart+c, k)
			}
			for ax := range 3 {
				switch b.RF.Use {
				case seq.Excitation:
					k[ax] = 0
				case seq.Refocusing:
					k[ax] = -k[ax]
				}
				k[ax] += integrate(b.Grad(ax), c, b.Duration)
			}
		case b.ADC != nil:
			ts := b.ADC.Delay + (float64(n/2)+0.5)*b.ADC.Dwell
			for ax := range 3 {
				k[ax] += integrate(b.Grad(ax), 0, ts)
			}
			if w.onEcho != nil {
				w.onEcho(b, tStart+ts, k)
			}
			for ax := range 3 {
				k[ax] += integrate(b.Grad(ax), ts, b.Duration)
			}
		default:
			for ax := range 3 {
				k[ax] += integrate(b.Grad(ax), 0, b.Duration)
			}
		}
		tStart += b.Duration
	}
}

// labelValue returns the value of label l set in b, and whether it is set.
func labelValue(b *seq.Block, l seq.Label) (int, bool) {
	for _, e := range b.Labels {
		if e.Label == l && !e.Inc {
			return e.Value, true
		}
	}
	return 0, false
}

// TestIRTiming walks the blocks of IR-SE and IR-GRE sequences: the
// inversion (a 180° of use Inversion) centre is TI before the excitation
// centre and TR after the previous inversion; for the spin echo the 180°
// is TE/2 after the excitation; sample N/2 of every line is TE after the
// excitation, at k = (0, (j − N/2)/FOV, 0); every line 0..N−1 is acquired
// once; k at sample n of the centre line is ((n − N/2)/FOV, 0, 0). The
// values asked for are met to half a block raster (TI, gradient-echo TE)
// or twice the block raster (spin-echo TE, whose halves are each rounded
// up). Times to walkTimeTol, k to walkKTol.
func TestIRTiming(t *testing.T) {
	for _, p := range []seq.IRParams{
		{Matrix: 32},
		{Matrix: 32, Readout: seq.IRGradientEcho, TI: 0.123456, TE: 6e-3, TR: 1.5, FlipAngle: math.Pi / 6},
		{Matrix: 16, FOV: 0.2, Readout: seq.IRGradientEcho, NonSelectiveInversion: true},
		{Matrix: 16, Excitation: seq.HardExcitation, RFDuration: 13e-6, TI: 0.05, TE: 0.02, TR: 0.5},
		{Matrix: 16, Excitation: seq.HardExcitation, Readout: seq.IRGradientEcho, TI: 0.7, TR: 3},
	} {
		s, err := seq.IR(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		name := p.Readout.String()
		t.Logf("%s readout, hard pulses %v: TI %.4f ms, TE %.4f ms, TR %.4f ms, %d blocks", name, p.Excitation == seq.HardExcitation, s.Params.TI*1e3, s.Params.TE*1e3, s.Params.TR*1e3, len(s.Blocks))
		if s.Params.SequenceName != "ir" || s.Params.EchoTrainLength != 1 {
			t.Errorf("%s: params %+v", name, s.Params)
		}
		wantTI := p.TI
		if wantTI == 0 {
			wantTI = 0.4
		}
		if math.Abs(s.Params.TI-wantTI) > s.System.BlockRaster/2+1e-12 {
			t.Errorf("%s: TI %g, asked %g", name, s.Params.TI, wantTI)
		}
		if p.TE != 0 && math.Abs(s.Params.TE-p.TE) > 2*s.System.BlockRaster {
			t.Errorf("%s: TE %g, asked %g", name, s.Params.TE, p.TE)
		}
		if p.TR != 0 && math.Abs(s.Params.TR-p.TR) > s.System.BlockRaster/2+1e-12 {
			t.Errorf("%s: TR %g, asked %g", name, s.Params.TR, p.TR)
		}
		n := s.Encoding.Matrix[0]
		fov := s.Encoding.FOV[1]
		var tInv, tExc float64
		inversions := 0
		seen := make([]int, n)
		var failed bool
		fail := func(format string, args ...any) {
			if !failed {
				t.Errorf(name+": "+format, args...)
			}
			failed = true
		}
		echoWalk{
			onRF: func(b *seq.Block, tc float64, _ [3]float64) {
				switch b.RF.Use {
				case seq.Inversion:
					if math.Abs(b.RF.FlipAngle()-math.Pi) > 1e-9 {
						fail("inversion flip %g rad", b.RF.FlipAngle())
					}
					if inversions > 0 && math.Abs(tc-tInv-s.Params.TR) > walkTimeTol {
						fail("inversion %g s after the previous, TR %g", tc-tInv, s.Params.TR)
					}
					tInv = tc
					inversions++
				case seq.Excitation:
					if got := tc - tInv; math.Abs(got-s.Params.TI) > walkTimeTol {
						fail("excitation %.12f s after the inversion, TI %.12f", got, s.Params.TI)
					}
					if math.Abs(b.RF.FlipAngle()-s.Params.FlipAngle) > 1e-9 {
						fail("excitation flip %g, want %g", b.RF.FlipAngle(), s.Params.FlipAngle)
					}
					tExc = tc
				case seq.Refocusing:
					if got := tc - tExc; math.Abs(got-s.Params.TE/2) > walkTimeTol {
						fail("180° %g s after the excitation, TE/2 %g", got, s.Params.TE/2)
					}
				default:
					fail("pulse of use %v", b.RF.Use)
				}
			},
			onEcho: func(b *seq.Block, tc float64, k [3]float64) {
				if got := tc - tExc; math.Abs(got-s.Params.TE) > walkTimeTol {
					fail("echo %g s after the excitation, TE %g", got, s.Params.TE)
				}
				line, ok := labelValue(b, seq.LIN)
				if !ok || line < 0 || line >= n {
					fail("readout without a valid LIN label: %v", b.Labels)
					return
				}
				seen[line]++
				if want := float64(line-n/2) / fov; math.Abs(k[0]) > walkKTol || math.Abs(k[1]-want) > walkKTol || math.Abs(k[2]) > walkKTol {
					fail("line %d: k at the echo %v, want (0, %g, 0)", line, k, want)
				}
				// Sample spacing 1/FOV, so sample n is at kx = (n − N/2)/FOV.
				if dk := b.Gx.Amplitude * b.ADC.Dwell; math.Abs(dk*s.Encoding.FOV[0]-1) > 1e-9 {
					fail("Δk·FOV = %g, want 1", dk*s.Encoding.FOV[0])
				}
			},
		}.run(s)
		if inversions != n {
			t.Errorf("%s: %d inversions, want one per line (%d)", name, inversions, n)
		}
		for j, c := range seen {
			if c != 1 {
				t.Errorf("%s: line %d acquired %d times", name, j, c)
			}
		}
	}
}

// TestIRInversionPulse checks the inversion pulse and spoiler from the
// events: the slab the sinc inverts is its bandwidth TBW/duration over the
// select gradient (twice the slice by default, as documented), the
// non-selective option has no gradient, and between the inversion centre
// and the excitation the gradients dephase by at least one cycle per
// pixel along x and one cycle across the slice along z, so the spoiler
// destroys any transverse magnetisation the inversion leaves.
func TestIRInversionPulse(t *testing.T) {
	for _, p := range []seq.IRParams{{Matrix: 32}, {Matrix: 32, InversionThickness: 0.02}, {Matrix: 32, NonSelectiveInversion: true}} {
		s, err := seq.IR(p)
		if err != nil {
			t.Fatal(err)
		}
		b := &s.Blocks[0]
		if b.RF == nil || b.RF.Use != seq.Inversion {
			t.Fatalf("first block is not the inversion: %+v", b)
		}
		if p.NonSelectiveInversion {
			if b.Gz != nil {
				t.Errorf("non-selective inversion with a gradient")
			}
		} else {
			want := p.InversionThickness
			if want == 0 {
				want = 2 * s.Encoding.FOV[2]
			}
			bw := 4 / b.RF.Duration() // default time-bandwidth 4
			if got := bw / b.Gz.Amplitude; math.Abs(got-want) > 1e-9 {
				t.Errorf("inverted slab %g m, want %g", got, want)
			}
		}
		var area [3]float64
		c := b.RF.Delay + b.RF.Center
		for ax := range 3 {
			area[ax] = integrate(b.Grad(ax), c, b.Duration)
		}
		for i := 1; s.Blocks[i].RF == nil; i++ {
			for ax := range 3 {
				area[ax] += integrate(s.Blocks[i].Grad(ax), 0, s.Blocks[i].Duration)
			}
		}
		n := float64(s.Encoding.Matrix[0])
		if area[0] < n/s.Encoding.FOV[0] || area[2] < 1/s.Encoding.FOV[2] {
			t.Errorf("spoiling after the inversion %v /m, want ≥ (%g, -, %g)", area, n/s.Encoding.FOV[0], 1/s.Encoding.FOV[2])
		}
	}
}

// TestIRErrors checks that impossible or invalid parameters return errors
// that start with the builder's name and name the parameter.
func TestIRErrors(t *testing.T) {
	for _, c := range []struct {
		p    seq.IRParams
		want string
	}{
		{seq.IRParams{TI: 1e-3}, "TI"},
		{seq.IRParams{Readout: seq.IRGradientEcho, TI: 1e-3}, "TI"},
		{seq.IRParams{TI: -1}, "TI"},
		{seq.IRParams{TI: math.NaN()}, "TI"},
		{seq.IRParams{TI: 1.995}, "TR"},
		{seq.IRParams{TR: 0.1}, "TR"},
		{seq.IRParams{TR: math.Inf(1)}, "TR"},
		{seq.IRParams{TI: math.Inf(1)}, "TI"},
		{seq.IRParams{TE: 1e-3}, "TE"},
		{seq.IRParams{Readout: seq.IRGradientEcho, TE: 1e-4}, "TE"},
		{seq.IRParams{FlipAngle: 0.5}, "flip angle"},
		{seq.IRParams{Readout: seq.IRGradientEcho, FlipAngle: 4}, "flip angle"},
		{seq.IRParams{Readout: 7}, "readout"},
		{seq.IRParams{Matrix: 1}, "matrix"},
		{seq.IRParams{InversionThickness: -1}, "inversion thickness"},
		{seq.IRParams{RFDuration: -1}, "RF duration"},
		{seq.IRParams{Excitation: 5}, "pulse kind"},
		{seq.IRParams{Dwell: 1e-7, FOV: 0.01}, "readout"},
	} {
		_, err := seq.IR(c.p)
		if err == nil {
			t.Errorf("%+v: no error", c.p)
			continue
		}
		if !strings.HasPrefix(err.Error(), "seq: ir: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %q does not name %q", c.p, err, c.want)
		}
	}
}

// TestIRRoundTrip writes IR sequences as Pulseq, reads them back and
// checks that the events (to the round-trip tolerances of diffSeq), TI and
// the limits survive, and that writing the read-back sequence gives the
// same bytes.
func TestIRRoundTrip(t *testing.T) {
	for _, p := range []seq.IRParams{
		{Matrix: 16},
		{Matrix: 16, Readout: seq.IRGradientEcho, TI: 0.3, FlipAngle: math.Pi / 4, Excitation: seq.HardExcitation},
	} {
		s, err := seq.IR(p)
		if err != nil {
			t.Fatal(err)
		}
		pulseqRoundTrip(t, s)
	}
}

// pulseqRoundTrip writes s as Pulseq, reads it back and compares.
func pulseqRoundTrip(t *testing.T, s *seq.Sequence) {
	t.Helper()
	var w1 bytes.Buffer
	if err := seq.WritePulseq(&w1, s); err != nil {
		t.Fatal(err)
	}
	r, info, err := seq.ReadPulseq(bytes.NewReader(w1.Bytes()), s.Params.SequenceName+".seq")
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Warnings) != 0 || info.Signature.Status != seq.SignatureOK {
		t.Errorf("%s: warnings %v, signature %v", s.Params.SequenceName, info.Warnings, info.Signature.Status)
	}
	if d := diffSeq(s, r, false); d != "" {
		t.Fatalf("%s: write → read: %s", s.Params.SequenceName, d)
	}
	if r.Params.TI != s.Params.TI {
		t.Errorf("%s: TI %g read back as %g", s.Params.SequenceName, s.Params.TI, r.Params.TI)
	}
	if err := r.Check(); err != nil {
		t.Errorf("%s: read-back sequence: %v", s.Params.SequenceName, err)
	}
	var w2 bytes.Buffer
	if err := seq.WritePulseq(&w2, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
		t.Errorf("%s: the read-back sequence writes different bytes", s.Params.SequenceName)
	}
}
