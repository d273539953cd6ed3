module github.com/larmor-mri/larmor

go 1.26

require github.com/suyashkumar/dicom v1.1.0

require (
	golang.org/x/exp v0.0.0-20240525044651-4c93da0ed11d // indirect
	golang.org/x/text v0.3.8 // indirect
)
