package seq_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
)

// goldenIncrement is the golden-angle increment for full spokes,
// π(√5 − 1)/2 (Winkelmann et al. 2007), computed here from √5 rather than
// taken from the package.
var goldenIncrement = math.Pi * (math.Sqrt(5) - 1) / 2

// wrapAngle returns a in [−π, π).
func wrapAngle(a float64) float64 { return a - 2*math.Pi*math.Floor((a+math.Pi)/(2*math.Pi)) }

// TestRadialSpokes walks the blocks of the radial sequence independently
// of the builder, integrating every gradient from the centre of each
// excitation: sample n of spoke i lies at (n − N/2)/FOV·(cos φᵢ, sin φᵢ, 0)
// with φᵢ = π·i/Spokes (uniform) or i·π(√5−1)/2 mod 2π (golden angle), to
// 1e-6 /m (float64 sums of a few trapezoid areas of up to ~1e3 /m); sample
// N/2 is TE after the pulse centre and pulses are TR apart, to 1 ns; the
// label LIN is the spoke index; and the TR ends with no net in-plane area.
func TestRadialSpokes(t *testing.T) {
	for _, p := range []seq.RadialParams{
		{Matrix: 32},
		{Matrix: 16, FOV: 0.2, Spokes: 13, Order: seq.GoldenAngleSpokes, TE: 6e-3, TR: 15e-3, DummyScans: 2},
	} {
		s, err := seq.Radial(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		if s.Traj != kspace.Radial {
			t.Errorf("trajectory %v, want radial", s.Traj)
		}
		if p.TE != 0 && math.Abs(s.Params.TE-p.TE) > s.System.BlockRaster/2+1e-12 {
			t.Errorf("TE %g, asked %g", s.Params.TE, p.TE)
		}
		n := p.Matrix
		fov := s.Encoding.FOV[0]
		spokes := p.Spokes
		if spokes == 0 {
			spokes = int(math.Ceil(math.Pi / 2 * float64(n)))
		}
		var tStart, tCentre, lastCentre float64
		var k [3]float64
		pulses, got := 0, 0
		for i := range s.Blocks {
			b := &s.Blocks[i]
			switch {
			case b.RF != nil:
				if pulses > 0 {
					for ax := range 2 {
						if math.Abs(k[ax]+integrate(b.Grad(ax), 0, b.RF.Delay+b.RF.Center)) > 1e-6 {
							t.Fatalf("pulse %d: in-plane area %v left over from the TR before", pulses, k)
						}
					}
				}
				tCentre = tStart + b.RF.Delay + b.RF.Center
				if pulses > 0 && math.Abs(tCentre-lastCentre-s.Params.TR) > 1e-9 {
					t.Fatalf("pulse %d is %g s after the previous, TR %g", pulses, tCentre-lastCentre, s.Params.TR)
				}
				lastCentre = tCentre
				pulses++
				for ax := range 3 {
					k[ax] = integrate(b.Grad(ax), b.RF.Delay+b.RF.Center, b.Duration)
				}
			case b.ADC != nil:
				spoke := b.Labels[0].Value
				if b.Labels[0].Label != seq.LIN || spoke != got {
					t.Fatalf("readout %d has label %v = %d", got, b.Labels[0].Label, spoke)
				}
				phi := math.Pi * float64(spoke) / float64(spokes)
				if p.Order == seq.GoldenAngleSpokes {
					phi = math.Mod(float64(spoke)*goldenIncrement, 2*math.Pi)
				}
				a := b.ADC
				if a.Samples != n {
					t.Fatalf("%d samples per spoke, want %d", a.Samples, n)
				}
				for j := range n {
					ts := a.Delay + (float64(j)+0.5)*a.Dwell
					r := float64(j-n/2) / fov
					want := [3]float64{r * math.Cos(phi), r * math.Sin(phi), 0}
					for ax := range 3 {
						if v := k[ax] + integrate(b.Grad(ax), 0, ts); math.Abs(v-want[ax]) > 1e-6 {
							t.Fatalf("spoke %d sample %d: k[%d] = %g, want %g", spoke, j, ax, v, want[ax])
						}
					}
					if j == n/2 && math.Abs(tStart+ts-tCentre-s.Params.TE) > 1e-9 {
						t.Fatalf("spoke %d: centre sample %g s after the pulse, TE %g", spoke, tStart+ts-tCentre, s.Params.TE)
					}
				}
				for ax := range 3 {
					k[ax] += integrate(b.Grad(ax), 0, b.Duration)
				}
				got++
			default:
				for ax := range 3 {
					k[ax] += integrate(b.Grad(ax), 0, b.Duration)
				}
			}
			tStart += b.Duration
		}
		if got != spokes || pulses != spokes+p.DummyScans {
			t.Errorf("%d spokes and %d pulses, want %d and %d", got, pulses, spokes, spokes+p.DummyScans)
		}
	}
}

// TestRadialGoldenAngle measures each spoke's direction from its k-space
// samples (seq.KSpace: last sample minus first) and checks that successive
// directions differ by π(√5−1)/2 mod 2π, i.e. 111.246° as Winkelmann et
// al. give it (to the 1e-3° of that printed value), to 1e-9 rad (the
// direction of a ~250 /m vector known to ~1e-12 /m).
func TestRadialGoldenAngle(t *testing.T) {
	const spokes = 40
	s, err := seq.Radial(seq.RadialParams{Matrix: 16, Spokes: spokes, Order: seq.GoldenAngleSpokes})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(goldenIncrement*180/math.Pi-111.246) > 5e-4 {
		t.Fatalf("increment %.6f°, Winkelmann's 111.246°", goldenIncrement*180/math.Pi)
	}
	k := s.KSpace()
	if len(k) != spokes*16 {
		t.Fatalf("%d samples, want %d", len(k), spokes*16)
	}
	dir := func(i int) float64 {
		a, b := k[i*16], k[i*16+15]
		return math.Atan2(b[1]-a[1], b[0]-a[0])
	}
	if math.Abs(wrapAngle(dir(0))) > 1e-12 {
		t.Errorf("spoke 0 at %g rad, want 0", dir(0))
	}
	for i := 1; i < spokes; i++ {
		if d := wrapAngle(dir(i) - dir(i-1) - goldenIncrement); math.Abs(d) > 1e-9 {
			t.Errorf("spoke %d: increment off by %g rad", i, d)
		}
	}
}

// TestRadialDefaults checks the default spoke count against the Nyquist
// condition for full spokes over 180°: neighbouring spokes are π/Spokes
// apart, so at kmax = N/(2·FOV) their distance π·kmax/Spokes must not
// exceed 1/FOV, i.e. Spokes ≥ π/2·N; the default is the smallest such
// integer. The uniform spokes' directions, measured from seq.KSpace, are
// π·i/Spokes to 1e-9 rad.
func TestRadialDefaults(t *testing.T) {
	s, err := seq.Radial(seq.RadialParams{Matrix: 24})
	if err != nil {
		t.Fatal(err)
	}
	n, fov := 24, s.Encoding.FOV[0]
	spokes := 0
	k := s.KSpace()
	for i := 0; i < len(k); i += n {
		a, b := k[i], k[i+n-1]
		if d := wrapAngle(math.Atan2(b[1]-a[1], b[0]-a[0]) - math.Pi*float64(spokes)/38); math.Abs(d) > 1e-9 {
			t.Errorf("spoke %d: direction off by %g rad", spokes, d)
		}
		spokes++
	}
	// π/2·24 = 37.7: 38 spokes.
	if spokes != 38 {
		t.Fatalf("%d spokes, want 38", spokes)
	}
	kmax := float64(n) / (2 * fov)
	if gap := math.Pi * kmax / float64(spokes); gap > 1/fov {
		t.Errorf("spoke gap %g /m at kmax exceeds 1/FOV = %g", gap, 1/fov)
	}
	if gap := math.Pi * kmax / float64(spokes-1); gap <= 1/fov {
		t.Errorf("%d spokes would already meet Nyquist", spokes-1)
	}
}

// TestRadialRoundTrip writes the radial sequences to Pulseq, reads them
// back, and checks that the events are the same (diffSeq's tolerances:
// times to 1e-12 s, amplitudes exact), that the file holds only
// trapezoids, that Check still passes and that every sample's k-space
// position agrees to 1e-9 /m.
func TestRadialRoundTrip(t *testing.T) {
	for _, p := range []seq.RadialParams{{Matrix: 16}, {Matrix: 16, Spokes: 9, Order: seq.GoldenAngleSpokes, DummyScans: 1}} {
		s, err := seq.Radial(p)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := seq.WritePulseq(&buf, s); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "[GRADIENTS]") {
			t.Error("the radial file has arbitrary gradients; its readouts are trapezoids")
		}
		r, info, err := seq.ReadPulseq(bytes.NewReader(buf.Bytes()), "radial.seq")
		if err != nil {
			t.Fatal(err)
		}
		if len(info.Warnings) != 0 || info.Signature.Status != seq.SignatureOK {
			t.Errorf("warnings %v, signature %v", info.Warnings, info.Signature.Status)
		}
		if d := diffSeq(s, r, false); d != "" {
			t.Fatalf("write → read: %s", d)
		}
		if err := r.Check(); err != nil {
			t.Error(err)
		}
		compareKSpace(t, s, r, 1e-9)
	}
}

// compareKSpace checks that two sequences sample the same k-space
// positions, to tol [1/m].
func compareKSpace(t *testing.T, a, b *seq.Sequence, tol float64) {
	t.Helper()
	ka, kb := a.KSpace(), b.KSpace()
	if len(ka) != len(kb) {
		t.Fatalf("%d vs %d samples", len(ka), len(kb))
	}
	for i := range ka {
		for ax := range 3 {
			if math.Abs(ka[i][ax]-kb[i][ax]) > tol {
				t.Fatalf("sample %d: k %v vs %v", i, ka[i], kb[i])
			}
		}
	}
}

// TestRadialErrors checks that bad parameters give errors naming them.
func TestRadialErrors(t *testing.T) {
	for _, c := range []struct {
		p    seq.RadialParams
		want string
	}{
		{seq.RadialParams{Matrix: 1}, "matrix 1"},
		{seq.RadialParams{FOV: -1}, "field of view -1"},
		{seq.RadialParams{FOV: math.NaN()}, "field of view NaN"},
		{seq.RadialParams{SliceThickness: -1e-3}, "slice thickness"},
		{seq.RadialParams{Spokes: -3}, "-3 spokes"},
		{seq.RadialParams{Order: 7}, "spoke order SpokeOrder(7)"},
		{seq.RadialParams{FlipAngle: 4}, "flip angle 4"},
		{seq.RadialParams{Dwell: -1e-6}, "dwell"},
		{seq.RadialParams{DummyScans: -1}, "dummy scans"},
		{seq.RadialParams{TE: 1e-3}, "TE 1.000 ms is shorter"},
		{seq.RadialParams{TR: 2e-3}, "TR 2.000 ms is shorter"},
		{seq.RadialParams{Dwell: 1e-7}, "readout"},
	} {
		_, err := seq.Radial(c.p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want an error mentioning %q", c.p, err, c.want)
		}
	}
}
