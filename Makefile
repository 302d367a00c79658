# Two commands for a new machine: `make demo` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
DEMO ?= $(BUILD)/demo
SEED ?= 1
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: setup configure build test demo bench fuzz sanitize clean

setup:
	@bash scripts/setup

configure: setup
	@[ -f $(BUILD)/build.ninja ] || cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

demo: build
	@bash scripts/demo $(BUILD) $(DEMO) $(SEED)

bench: build
	@bash tests/bench/run $(BUILD)

# libFuzzer targets (clang-14, ASan+UBSan, no Qt), each run FUZZ_SECONDS.
fuzz: setup
	@[ -f $(FUZZ_BUILD)/build.ninja ] || cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_CXX_COMPILER=clang++-14 -DCOREVLA_GUI=OFF -DCOREVLA_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz
	@bash tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Every test under ASan+UBSan (build-asan), decode pool and transport under TSan (build-tsan).
sanitize: setup
	@JOBS=$(JOBS) bash tests/sanitizers/run

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD) build-asan build-tsan
