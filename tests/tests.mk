# tests.mk - included by the Makefile: unit tests, initramfs, QEMU, host.
.PHONY: check-unit
check-unit:
	@echo "no unit tests yet"
