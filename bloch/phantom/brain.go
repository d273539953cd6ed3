package phantom

import (
	"fmt"
	"math"
)

// FatShift is the chemical shift of fat relative to water [1]: −3.4 ppm,
// the main (methylene, 1.3 ppm) peak against water at 4.7 ppm (Hamilton et
// al., "In vivo characterization of the liver fat ¹H MR spectrum", NMR
// Biomed 2011;24:784–790). Fat resonates at FatShift·γ/2π·B0 [Hz] from
// water: −217 Hz at 1.5 T, −434 Hz at 3 T.
const FatShift = -3.4e-6

// gammaHzPerT is γ/2π of ¹H [Hz/T], equal to kspace.Gamma1H (not
// imported, so that phantom depends on nothing else in larmor).
const gammaHzPerT = 42.577478518e6

// BrainTissue is one tissue class of the Brain2D phantom: proton density,
// relaxation times measured at 1.5 T and 3 T, and chemical shift.
type BrainTissue struct {
	Name string
	M0   float64    // proton density relative to pure water [1]
	T1   [2]float64 // at 1.5 T and at 3 T [s]
	T2   [2]float64 // at 1.5 T and at 3 T [s]
	// Shift is the chemical shift relative to water [1] (FatShift for fat,
	// 0 for water-based tissue).
	Shift float64
}

// Relaxation returns T1 and T2 [s] at the field b0 [T]: the 1.5 T values
// at or below 1.5 T, the 3 T values at or above 3 T, and a linear
// interpolation in B0 between them. Outside [1.5 T, 3 T] the values are
// therefore those of the nearer measured field, not literature values for
// b0: T1 keeps lengthening above 3 T, so for 7 T set the Object's T1 and
// T2 from 7 T measurements.
func (t BrainTissue) Relaxation(b0 float64) (t1, t2 float64) {
	w := (b0 - 1.5) / 1.5
	w = math.Max(0, math.Min(1, w))
	return t.T1[0] + w*(t.T1[1]-t.T1[0]), t.T2[0] + w*(t.T2[1]-t.T2[0])
}

// OffResonance returns the tissue's chemical-shift frequency offset from
// water at field b0 [T], Shift·γ/2π·b0 [Hz].
func (t BrainTissue) OffResonance(b0 float64) float64 { return t.Shift * gammaHzPerT * b0 }

// Tissue classes of Brain2D. Each value names its source; "checked"
// means compared with a public copy of the source's number (listed in
// brain_test.go), "unchecked" that no public copy was found and the value
// rests on the earlier transcription.
//
//   - White and grey matter T1 and T2: Stanisz et al., "T1, T2 relaxation
//     and magnetization transfer in tissue at 3T", Magn Reson Med
//     2005;54:507–512, Table 1: excised bovine brain at 37 °C, measured at
//     3 T and compared with 1.5 T. In-vivo human values differ (at 3 T
//     Wansapura et al., JMRI 1999;9:531–538, give white matter T1 ≈ 0.83 s,
//     grey matter ≈ 1.33 s): T1 depends on method and magnetization
//     transfer.
//   - CSF: T1 4.2 s and T2 1.99 s at any field, the CSF of the MR
//     Shepp-Logan phantom (Gach, Tanase and Boada 2008; the csf Tissue).
//   - Subcutaneous fat T1 and T2: de Bazelaire et al., "MR imaging
//     relaxation times of abdominal and pelvic tissues measured in vivo at
//     3.0 T: preliminary results", Radiology 2004;230:652–659, measured at
//     1.5 T and 3 T in six volunteers.
//   - Proton density of white matter, grey matter and CSF: water content
//     relative to pure water, Ernst, Kreis and Ross, "Absolute
//     quantitation of water and metabolites in the human brain. I.
//     Compartments and water", J Magn Reson B 1993;102:1–8.
//   - Proton density of fat: 0.9, an estimate, not a measurement: triolein
//     (C57H104O6, 885.4 g/mol, 0.91 g/ml) holds 0.96 times the ¹H density
//     of water, and adipose tissue is about 80 % lipid and 10 % water. All
//     fat protons are placed at the main peak, FatShift.
func brainTissues() [numBrainTissues]BrainTissue {
	return [numBrainTissues]BrainTissue{
		brainWM: {
			Name: "white matter",
			M0:   0.65,                     // Ernst 1993 (checked)
			T1:   [2]float64{0.884, 1.084}, // Stanisz 2005: 884 ms at 1.5 T (unchecked), 1084 ± 45 ms at 3 T (checked)
			T2:   [2]float64{0.072, 0.069}, // Stanisz 2005: 72 ms at 1.5 T (unchecked), 69 ± 3 ms at 3 T (checked)
		},
		brainGM: {
			Name: "grey matter",
			M0:   0.78,                     // Ernst 1993 (checked)
			T1:   [2]float64{1.124, 1.820}, // Stanisz 2005: 1124 ms at 1.5 T (unchecked), 1820 ± 114 ms at 3 T (checked)
			T2:   [2]float64{0.095, 0.099}, // Stanisz 2005: 95 ms at 1.5 T (unchecked), 99 ± 7 ms at 3 T (checked)
		},
		brainCSF: {
			Name: "csf",
			M0:   0.97,                 // Ernst 1993 (checked)
			T1:   [2]float64{4.2, 4.2}, // Gach 2008, field-independent (checked)
			T2:   [2]float64{1.99, 1.99},
		},
		brainFat: {
			Name:  "fat",
			M0:    0.9,                      // estimate, see above
			T1:    [2]float64{0.343, 0.382}, // de Bazelaire 2004: 343 ms at 1.5 T (unchecked), 382 ± 13 ms at 3 T (checked)
			T2:    [2]float64{0.058, 0.068}, // de Bazelaire 2004: 58 ms at 1.5 T (unchecked), 68 ± 4 ms at 3 T (checked)
			Shift: FatShift,
		},
	}
}

// Tissue indices of brainTissues; brainNone marks the skull, which holds
// no spins (cortical bone has a T2 far below any echo time simulated here).
const (
	brainNone = iota - 1
	brainWM
	brainGM
	brainCSF
	brainFat
	numBrainTissues
)

// brainRegion is one ellipse of the brain phantom's drawing (Ellipse's
// Tissue is unused) and the index of its tissue.
type brainRegion struct {
	e      Ellipse
	tissue int
}

// brainRegions returns the drawing of Brain2D in the normalised
// coordinates of SheppLogan2DEllipses (the head spans [−1, 1], y up is
// anterior), outermost first; an inner region replaces the tissue of
// those before it.
func brainRegions() []brainRegion {
	r := func(x0, y0, a, b, thetaDeg float64, t int) brainRegion {
		return brainRegion{Ellipse{X0: x0, Y0: y0, A: a, B: b, Theta: deg(thetaDeg)}, t}
	}
	return []brainRegion{
		r(0, 0, 0.63, 0.80, 0, brainFat),
		r(0, 0, 0.59, 0.76, 0, brainNone),
		r(0, 0, 0.545, 0.715, 0, brainCSF),
		r(0, 0, 0.525, 0.695, 0, brainGM),
		r(0, 0, 0.465, 0.635, 0, brainWM),
		r(0, 0.58, 0.015, 0.14, 0, brainCSF),  // interhemispheric fissure, anterior
		r(0, -0.60, 0.015, 0.12, 0, brainCSF), // and posterior
		r(0.145, 0.18, 0.05, 0.085, 0, brainGM),
		r(-0.145, 0.18, 0.05, 0.085, 0, brainGM), // caudate heads
		r(0.055, -0.11, 0.05, 0.085, 0, brainGM),
		r(-0.055, -0.11, 0.05, 0.085, 0, brainGM), // thalami
		r(0.085, 0.17, 0.035, 0.13, -20, brainCSF),
		r(-0.085, 0.17, 0.035, 0.13, 20, brainCSF), // lateral ventricles: frontal horns
		r(0.10, -0.05, 0.03, 0.14, 18, brainCSF),
		r(-0.10, -0.05, 0.03, 0.14, -18, brainCSF), // and bodies running to the atria
		r(0, -0.08, 0.012, 0.07, 0, brainCSF),      // third ventricle
	}
}

// brainIndexAt returns the tissue index at the normalised point (u, v):
// brainNone in the skull and outside the head.
func brainIndexAt(regions []brainRegion, u, v float64) int {
	for i := len(regions) - 1; i >= 0; i-- {
		if regions[i].e.Contains(u, v) {
			return regions[i].tissue
		}
	}
	return brainNone
}

// BrainTissueAt returns the tissue of the Brain2D phantom at the
// normalised point (u, v) (the head spans [−1, 1], v up is anterior:
// patient x = u·FOV/2, y = −v·FOV/2), and false in the skull and outside
// the head, where there are no spins.
func BrainTissueAt(u, v float64) (BrainTissue, bool) {
	t := brainIndexAt(brainRegions(), u, v)
	if t == brainNone {
		return BrainTissue{}, false
	}
	return brainTissues()[t], true
}

// Brain2D returns a brain-like phantom of white matter, grey matter, CSF
// and scalp fat on an n×n grid covering a square field of view fov [m] in
// the z = 0 plane, for a main field b0 [T]. By default each voxel holds one
// spin at its centre; a Sampling option puts s×s spins in each voxel
// instead, each with the tissue at its own position and M0/s².
//
// The drawing is an axial slice at the level of the lateral ventricles,
// made of ellipses (about 160 mm × 205 mm across the scalp at FOV 256 mm):
// scalp fat 5 mm thick, the skull (6 mm, no spins: cortical bone's T2 is
// far below any echo time simulated here), a CSF rim (subarachnoid space,
// 2.5 mm), the cortex (grey matter, 7.7 mm), white matter, the
// interhemispheric fissure (CSF) in front and behind, the heads of the
// caudate nuclei and the thalami (grey matter), the lateral ventricles
// (CSF) with their anterior ends diverging, and the third ventricle.
// BrainTissueAt gives the tissue at any point of it.
//
// The grid is that of SheppLogan2D: voxel (i, j) has its centre at
// x = (i − n/2)·fov/n, y = (j − n/2)·fov/n, z = 0 (integer n/2), and the
// drawing maps to the patient as x = u·fov/2, y = −v·fov/2, so anterior is
// −y and the head appears upright in an axial image. Positions in the skull
// and outside the head hold no spin.
//
// Tissue values (M0 relative to water; T1, T2 at 1.5 T / 3 T; sources in
// the comment of brainTissues):
//
//	white matter  M0 0.65  T1 0.884 / 1.084 s  T2 72 / 69 ms   (Stanisz 2005; Ernst 1993)
//	grey matter   M0 0.78  T1 1.124 / 1.820 s  T2 95 / 99 ms   (Stanisz 2005; Ernst 1993)
//	CSF           M0 0.97  T1 4.2 s            T2 1.99 s       (Gach 2008; Ernst 1993)
//	fat           M0 0.9   T1 0.343 / 0.382 s  T2 58 / 68 ms   (de Bazelaire 2004), DF −3.4 ppm
//
// At other fields T1 and T2 are interpolated linearly in B0 between 1.5 T
// and 3 T and held at the nearer end outside that range
// (BrainTissue.Relaxation). Fat spins get the off-resonance
// DF = FatShift·γ/2π·b0 (−217.1 Hz at 1.5 T); every other spin has DF = 0.
//
// It returns an error if n is outside [1, 4096], fov or b0 is not a
// positive finite number, the Sampling is invalid (as for SheppLogan2D), or
// no spin falls inside the head.
func Brain2D(n int, fov, b0 float64, opts ...Sampling) (*Object, error) {
	sub, err := checkGrid(2, n, fov, b0, opts)
	if err != nil {
		return nil, err
	}
	regions := brainRegions()
	tissues := brainTissues()
	var t1, t2, df [numBrainTissues]float64
	for k, t := range tissues {
		t1[k], t2[k] = t.Relaxation(b0)
		df[k] = t.OffResonance(b0)
	}
	w := 1 / float64(sub*sub)
	o := &Object{}
	forEachSpin(2, n, sub, fov/float64(n), func(x, y, z float64) {
		k := brainIndexAt(regions, 2*x/fov, -2*y/fov)
		if k == brainNone {
			return
		}
		o.X = append(o.X, x)
		o.Y = append(o.Y, y)
		o.Z = append(o.Z, z)
		o.M0 = append(o.M0, tissues[k].M0*w)
		o.T1 = append(o.T1, t1[k])
		o.T2 = append(o.T2, t2[k])
		o.DF = append(o.DF, df[k])
	})
	if o.Len() == 0 {
		return nil, fmt.Errorf("phantom: a %d×%d grid with %d spins per voxel edge places no spin inside the head", n, n, sub)
	}
	return o, nil
}
