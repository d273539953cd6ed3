package seq_test

import (
	"math"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestTSETiming walks the blocks of turbo spin echoes, independently of
// the builder, and checks the CPMG train: in every shot the 90° (phase 0)
// is followed by ETL 180°s (phase 90°) at ESP/2 + k·ESP from its centre,
// all seeing the same k just before their centre (so each negates the
// same k and the phase history of every echo interval is the same); echo
// e (from 0) is at (e+1)·ESP, with SEG = e, at k = (0, (j − N/2)/FOV, 0)
// for its line j; every line 0..N−1 is acquired once; Params.TE is the
// time of the echo that acquires line N/2, which the order's documented
// consequence predicts: (⌊ETL/2⌋ + 1)·ESP for linear order (even N), ESP
// for centre-out. Along each train ky rises (linear) or |ky| does not fall
// (centre-out). Dummy shots have the same train without ADC. Times to
// walkTimeTol, k to walkKTol.
func TestTSETiming(t *testing.T) {
	for _, p := range []seq.TSEParams{
		{Matrix: 64},
		{Matrix: 32, ETL: 4, Order: seq.CentreOutOrder},
		{Matrix: 30, ETL: 5, ESP: 0.0153, TR: 1, FOV: 0.2},
		{Matrix: 16, ETL: 16, Order: seq.CentreOutOrder, Excitation: seq.HardExcitation, RFDuration: 15e-6},
		{Matrix: 12, ETL: 1, TR: 0.5},
		{Matrix: 16, ETL: 4, DummyShots: 2},
	} {
		s, err := seq.TSE(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		n := s.Encoding.Matrix[0]
		etl := s.Params.EchoTrainLength
		wantETL := p.ETL
		if wantETL == 0 {
			wantETL = 8
		}
		if etl != wantETL || s.Params.SequenceName != "tse" {
			t.Fatalf("ETL %d, name %q", etl, s.Params.SequenceName)
		}
		name := p.Order.String()
		var failed bool
		fail := func(format string, args ...any) {
			if !failed {
				t.Errorf("N %d ETL %d %s: "+format, append([]any{n, etl, name}, args...)...)
			}
			failed = true
		}
		var tExc, esp, centreTE float64
		var k180 [3]float64
		// ref counts the 180°s of the current shot, echo its echoes.
		excitations, refocusings, ref, echo, lastLine := 0, 0, 0, 0, 0
		seen := make([]int, n)
		echoWalk{
			onRF: func(b *seq.Block, tc float64, k [3]float64) {
				switch b.RF.Use {
				case seq.Excitation:
					if excitations > 0 && math.Abs(tc-tExc-s.Params.TR) > walkTimeTol {
						fail("excitation %g s after the previous, TR %g", tc-tExc, s.Params.TR)
					}
					if excitations > 0 && (ref != etl || (echo != etl && echo != 0)) {
						fail("shot %d has %d refocusing pulses and %d echoes", excitations-1, ref, echo)
					}
					if b.RF.PhaseOffset != 0 || math.Abs(b.RF.FlipAngle()-math.Pi/2) > 1e-9 {
						fail("excitation phase %g, flip %g", b.RF.PhaseOffset, b.RF.FlipAngle())
					}
					tExc, ref, echo = tc, 0, 0
					excitations++
				case seq.Refocusing:
					if b.RF.PhaseOffset != math.Pi/2 || math.Abs(b.RF.FlipAngle()-math.Pi) > 1e-9 {
						fail("refocusing phase %g, flip %g", b.RF.PhaseOffset, b.RF.FlipAngle())
					}
					if refocusings == 0 {
						esp = 2 * (tc - tExc)
						k180 = k
						if p.ESP != 0 && math.Abs(esp-p.ESP) > 2*s.System.BlockRaster {
							fail("ESP %g, asked %g", esp, p.ESP)
						}
					}
					if want := tExc + esp/2 + float64(ref)*esp; math.Abs(tc-want) > walkTimeTol {
						fail("180° %d at %.12f s, want ESP/2 + k·ESP = %.12f", ref, tc-tExc, want-tExc)
					}
					for ax := range 3 {
						if math.Abs(k[ax]-k180[ax]) > walkKTol {
							fail("k at 180° %d of shot %d is %v, at the first %v", ref, excitations-1, k, k180)
						}
					}
					refocusings++
					ref++
				default:
					fail("pulse of use %v", b.RF.Use)
				}
			},
			onEcho: func(b *seq.Block, tc float64, k [3]float64) {
				if echo != ref-1 {
					fail("echo %d after %d refocusing pulses", echo, ref)
				}
				if want := tExc + float64(echo+1)*esp; math.Abs(tc-want) > walkTimeTol {
					fail("echo %d at %g s, want %g", echo, tc-tExc, want-tExc)
				}
				line, ok := labelValue(b, seq.LIN)
				if !ok || line < 0 || line >= n {
					fail("readout without a valid LIN label: %v", b.Labels)
					return
				}
				if seg, ok := labelValue(b, seq.SEG); (etl > 1 && (!ok || seg != echo)) || (etl == 1 && ok) {
					fail("echo %d labelled SEG %d (%v)", echo, seg, ok)
				}
				seen[line]++
				if want := float64(line-n/2) / s.Encoding.FOV[1]; math.Abs(k[0]) > walkKTol || math.Abs(k[1]-want) > walkKTol || math.Abs(k[2]) > walkKTol {
					fail("line %d: k at the echo %v, want (0, %g, 0)", line, k, want)
				}
				if line == n/2 {
					centreTE = tc - tExc
				}
				if echo > 0 {
					if p.Order == seq.LinearOrder && line <= lastLine {
						fail("linear order: line %d after line %d", line, lastLine)
					}
					if p.Order == seq.CentreOutOrder && absInt(line-n/2) < absInt(lastLine-n/2) {
						fail("centre-out order: line %d after line %d", line, lastLine)
					}
				}
				lastLine = line
				echo++
			},
		}.run(s)
		if shots := n/etl + p.DummyShots; excitations != shots || refocusings != shots*etl || ref != etl || echo != etl {
			t.Errorf("%s: %d excitations, %d refocusing pulses, want %d and %d", name, excitations, refocusings, shots, shots*etl)
		}
		for j, c := range seen {
			if c != 1 {
				t.Errorf("%s: line %d acquired %d times", name, j, c)
			}
		}
		if math.Abs(centreTE-s.Params.TE) > walkTimeTol {
			t.Errorf("%s: line N/2 acquired %g s after its excitation, Params.TE %g", name, centreTE, s.Params.TE)
		}
		want := esp
		if p.Order == seq.LinearOrder && n%2 == 0 {
			want = float64(etl/2+1) * esp
		}
		if math.Abs(s.Params.TE-want) > walkTimeTol {
			t.Errorf("%s: effective TE %g, documented %g", name, s.Params.TE, want)
		}
		t.Logf("N %d ETL %d %s: ESP %.3f ms, effective TE %.3f ms, TR %.1f ms, %d blocks", n, etl, name, esp*1e3, s.Params.TE*1e3, s.Params.TR*1e3, len(s.Blocks))
	}
}

func absInt(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// TestTSEErrors checks that impossible or invalid parameters return errors
// that start with the builder's name and name the parameter.
func TestTSEErrors(t *testing.T) {
	for _, c := range []struct {
		p    seq.TSEParams
		want string
	}{
		{seq.TSEParams{Matrix: 100, ETL: 8}, "multiple of ETL"},
		{seq.TSEParams{Matrix: 16, ETL: 32}, "ETL"},
		{seq.TSEParams{ETL: -2}, "ETL"},
		{seq.TSEParams{ESP: 1e-3}, "ESP"},
		{seq.TSEParams{ESP: -1e-3}, "ESP"},
		{seq.TSEParams{TR: math.Inf(1)}, "TR"},
		{seq.TSEParams{ETL: 32, TR: 0.1}, "TR"},
		{seq.TSEParams{Order: 3}, "order"},
		{seq.TSEParams{DummyShots: -1}, "dummy shots"},
		{seq.TSEParams{Matrix: 4096}, "matrix"},
		{seq.TSEParams{FOV: math.Inf(1)}, "field of view"},
		{seq.TSEParams{SliceThickness: -1}, "slice thickness"},
		{seq.TSEParams{SliceThickness: 1e-5}, "slice thickness"},
		{seq.TSEParams{TimeBandwidth: -1}, "time-bandwidth"},
	} {
		_, err := seq.TSE(c.p)
		if err == nil {
			t.Errorf("%+v: no error", c.p)
			continue
		}
		if !strings.HasPrefix(err.Error(), "seq: tse: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %q does not name %q", c.p, err, c.want)
		}
	}
}

// TestTSERoundTrip writes TSE sequences as Pulseq, reads them back and
// compares events and labels (see pulseqRoundTrip).
func TestTSERoundTrip(t *testing.T) {
	for _, p := range []seq.TSEParams{
		{Matrix: 16, ETL: 4},
		{Matrix: 16, ETL: 8, Order: seq.CentreOutOrder, Excitation: seq.HardExcitation, ESP: 0.012, DummyShots: 1},
	} {
		s, err := seq.TSE(p)
		if err != nil {
			t.Fatal(err)
		}
		pulseqRoundTrip(t, s)
	}
}

// TestOneEchoIsSE checks that the shared spin-echo train reproduces the SE
// builder: a TSE of ETL 1 has SE's blocks, and an IR-SE repetition after
// its TI delay has SE's blocks for the same line up to the delay that
// fills TR (events compared with diffBlock's tolerances).
func TestOneEchoIsSE(t *testing.T) {
	se, err := seq.SE(seq.SEParams{Matrix: 16, TE: 0.02, TR: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	tse, err := seq.TSE(seq.TSEParams{Matrix: 16, ETL: 1, ESP: 0.02, TR: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(tse.Blocks) != len(se.Blocks) || tse.Params.TE != se.Params.TE || tse.Params.TR != se.Params.TR {
		t.Fatalf("TSE of ETL 1: %d blocks, TE %g, TR %g; SE: %d blocks, TE %g, TR %g",
			len(tse.Blocks), tse.Params.TE, tse.Params.TR, len(se.Blocks), se.Params.TE, se.Params.TR)
	}
	for i := range se.Blocks {
		if d := diffBlock(&tse.Blocks[i], &se.Blocks[i]); d != "" {
			t.Fatalf("TSE of ETL 1, block %d: %s", i+1, d)
		}
	}
	ir, err := seq.IR(seq.IRParams{Matrix: 16, TE: 0.02, TR: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Per line: SE has 11 blocks (the last fills TR); IR has the inversion,
	// the spoiler and the TI delay, those 10 and its own TR delay.
	const seLine, irLine = 11, 14
	if len(se.Blocks) != 16*seLine || len(ir.Blocks) != 16*irLine {
		t.Fatalf("%d SE blocks, %d IR blocks", len(se.Blocks), len(ir.Blocks))
	}
	for line := range 16 {
		for i := range seLine - 1 {
			if d := diffBlock(&ir.Blocks[line*irLine+3+i], &se.Blocks[line*seLine+i]); d != "" {
				t.Fatalf("line %d: IR block %d differs from SE block %d: %s", line, line*irLine+4+i, line*seLine+i+1, d)
			}
		}
	}
}
