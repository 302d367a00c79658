# Two commands for a new machine: `make demo` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
SAMPLE ?= $(BUILD)/sample
PROJECT ?= $(BUILD)/sample.corevla

.PHONY: setup configure build test demo bench clean

setup:
	@bash scripts/setup

configure: setup
	@[ -f $(BUILD)/build.ninja ] || cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

demo: build
	@bash scripts/demo $(BUILD) $(SAMPLE) $(PROJECT)

bench: build
	@bash tests/bench/run $(BUILD)

clean:
	rm -rf $(BUILD)
