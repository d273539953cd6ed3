package main

import (
	"runtime"
	"sync/atomic"
	"time"
)

// The cores probe. The two-worker target of the FFT (≥ 1.8× over one
// worker) holds "when both cores are free", and on a shared machine they
// often are not: a spell of load on the second core slows every
// two-thread side while the one-thread sides barely notice. So shapes
// whose sides run on two threads are timed with two more entries in the
// same rounds: the same register-only arithmetic per call, on one
// goroutine and split over two. Its speed-up (2× with both cores free,
// less in a spell) is printed after the shape's rows, to read the
// two-thread rows by.

// probeMinElems is the smallest array for which the probe is timed: the
// two-worker target is for 2D shapes from 256² up.
const probeMinElems = 256 * 256

// probeIters is the work of one probe call: about 100 µs on one core of
// this machine, a transform's length at the shapes it is timed with.
const probeIters = 1 << 16

// probeSink keeps the probe's arithmetic from being optimised away.
var probeSink atomic.Uint64

// spin runs n rounds of four independent multiply-add chains, which stay in
// registers: nothing is loaded or stored, so two cores never slow each other
// down through memory.
func spin(n int) uint64 {
	a, b, c, d := uint64(1), uint64(2), uint64(3), uint64(4)
	for range n {
		a = a*3 + b
		b = b*5 + c
		c = c*7 + d
		d = d*9 + a
	}
	return a + b + c + d
}

// probeIdle is how long the probe's helper goroutine polls for its next
// half before it parks, like recon/fft's workers: long enough for the
// calls of a batch, short enough to leave the core to the next side.
const probeIdle = 250 * time.Microsecond

// probeRunner returns a runner that does probeIters rounds of spin per call
// on one goroutine (threads 1) or split in halves over the caller and a
// helper goroutine (threads 2), which its close ends.
func probeRunner(threads int) *runner {
	if threads < 2 {
		return &runner{run: func() { probeSink.Add(spin(probeIters)) }}
	}
	var seq, done atomic.Uint64
	parked, stop := atomic.Bool{}, atomic.Bool{}
	wake := make(chan struct{}, 1)
	go func() {
		var last uint64
		for {
			start := time.Now()
			for i := 0; seq.Load() == last; i++ {
				if stop.Load() {
					return
				}
				if i&1023 == 1023 && time.Since(start) > probeIdle {
					parked.Store(true)
					if seq.Load() == last && !stop.Load() {
						<-wake
					}
					parked.Store(false)
					start = time.Now()
				}
			}
			last = seq.Load()
			probeSink.Add(spin(probeIters / 2))
			done.Store(last)
		}
	}()
	poke := func() {
		if parked.Load() {
			select {
			case wake <- struct{}{}:
			default:
			}
		}
	}
	return &runner{
		run: func() {
			want := seq.Add(1)
			poke()
			probeSink.Add(spin(probeIters - probeIters/2))
			for i := 0; done.Load() != want; i++ {
				if i&1023 == 1023 {
					runtime.Gosched()
				}
			}
		},
		close: func() {
			stop.Store(true)
			poke()
		},
	}
}
