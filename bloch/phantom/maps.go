package phantom

import (
	"fmt"
	"math"
)

// Maps are per-voxel tissue properties on a grid, voxel (i, j, k) at index
// i + Matrix[0]·(j + Matrix[1]·k), with its centre at
// ((i − Nx/2)·VoxelSize[0], (j − Ny/2)·VoxelSize[1], (k − Nz/2)·VoxelSize[2])
// in patient LPS coordinates [m] (the grid of a centred reconstruction).
// M0, T1 and T2 are required; the other maps may be nil.
type Maps struct {
	Matrix    [3]int
	VoxelSize [3]float64 // [m]
	M0        []float64
	T1, T2    []float64 // [s]
	T2Prime   []float64 // [s]; nil: none
	DF        []float64 // [Hz]; nil: 0
	B1        []float64 // transmit scale; nil: 1
}

// FromMaps returns an Object with sub×sub spins per voxel (sub×sub×sub for
// 3D maps, Matrix[2] > 1) at the centres of equal sub-voxels, each with the
// voxel's properties and M0/sub², so that the object's DFT matches the map
// at the grid frequencies while a voxel's spins dephase under gradients as
// a real voxel's magnetisation does. Voxels with M0 = 0 give no spins. It
// returns an error naming the map and voxel if a size disagrees or a value
// is invalid.
func FromMaps(m Maps, sub int) (*Object, error) {
	if sub < 1 || sub > 16 {
		return nil, fmt.Errorf("phantom: %d spins per voxel edge, want 1 to 16", sub)
	}
	nv := 1
	for d, n := range m.Matrix {
		if n < 1 || n > 4096 {
			return nil, fmt.Errorf("phantom: maps: matrix %v: dimension %d outside [1, 4096]", m.Matrix, d)
		}
		if !(m.VoxelSize[d] > 0) || math.IsInf(m.VoxelSize[d], 0) {
			return nil, fmt.Errorf("phantom: maps: voxel size %v: dimension %d must be positive", m.VoxelSize, d)
		}
		nv *= n
	}
	subZ := 1
	if m.Matrix[2] > 1 {
		subZ = sub
	}
	if nv*sub*sub*subZ > MaxCSVSpins {
		return nil, fmt.Errorf("phantom: maps: %d voxels × %d spins exceed %d spins", nv, sub*sub*subZ, MaxCSVSpins)
	}
	for _, f := range []struct {
		name     string
		v        []float64
		required bool
	}{{"M0", m.M0, true}, {"T1", m.T1, true}, {"T2", m.T2, true}, {"T2Prime", m.T2Prime, false}, {"DF", m.DF, false}, {"B1", m.B1, false}} {
		if f.v == nil && !f.required {
			continue
		}
		if len(f.v) != nv {
			return nil, fmt.Errorf("phantom: maps: %s has %d values for %d voxels", f.name, len(f.v), nv)
		}
	}
	o := &Object{}
	w := 1 / float64(sub*sub*subZ)
	for k := range m.Matrix[2] {
		for j := range m.Matrix[1] {
			for i := range m.Matrix[0] {
				v := i + m.Matrix[0]*(j+m.Matrix[1]*k)
				if m.M0[v] == 0 {
					continue
				}
				c := [3]float64{
					float64(i-m.Matrix[0]/2) * m.VoxelSize[0],
					float64(j-m.Matrix[1]/2) * m.VoxelSize[1],
					float64(k-m.Matrix[2]/2) * m.VoxelSize[2],
				}
				for c2 := range subZ {
					for c1 := range sub {
						for c0 := range sub {
							o.X = append(o.X, c[0]+subOffset(c0, sub)*m.VoxelSize[0])
							o.Y = append(o.Y, c[1]+subOffset(c1, sub)*m.VoxelSize[1])
							o.Z = append(o.Z, c[2]+subOffset(c2, subZ)*m.VoxelSize[2])
							o.M0 = append(o.M0, m.M0[v]*w)
							o.T1 = append(o.T1, m.T1[v])
							o.T2 = append(o.T2, m.T2[v])
							if m.T2Prime != nil {
								o.T2Prime = append(o.T2Prime, m.T2Prime[v])
							}
							if m.DF != nil {
								o.DF = append(o.DF, m.DF[v])
							}
							if m.B1 != nil {
								o.B1 = append(o.B1, m.B1[v])
							}
						}
					}
				}
			}
		}
	}
	if o.Len() == 0 {
		return nil, fmt.Errorf("phantom: maps: every voxel has M0 = 0")
	}
	if err := o.Validate(); err != nil {
		return nil, fmt.Errorf("phantom: maps: %w", err)
	}
	return o, nil
}

// subOffset is the centre of sub-voxel c of sub along one edge, as a
// fraction of the voxel from its centre: (c + ½)/sub − ½.
func subOffset(c, sub int) float64 { return (float64(c)+0.5)/float64(sub) - 0.5 }
