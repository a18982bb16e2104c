# egresswatch - build, test, demo.  `make demo` and `make check` are the two
# set-up commands: both install missing Debian packages first (make deps).

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
CLANG   ?= clang
PKGS    := libpcap json-c
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libpcap's .pc may be absent on older systems; -lpcap is the fallback
ifeq ($(PKG_LIBS),)
PKG_LIBS := -lpcap -ljson-c
endif
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) -Iinclude -Iagent $(PKG_CFLAGS) $(CFLAGS)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRCS   := $(sort $(wildcard lib/*.c))
CORE_SRCS  := $(sort $(wildcard agent/dissect/*.c) $(filter-out agent/main.c,$(wildcard agent/*.c)))
AGENT_SRCS := agent/main.c $(CORE_SRCS) $(LIB_SRCS)
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRCS  := $(sort $(wildcard tests/tools/*.c))
FUZZ_SRCS  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRCS := $(sort $(wildcard tests/bench/*.c))

B := build
OBJS      = $(patsubst %.c,$(B)/obj/%.o,$(1))
SAN_OBJS  = $(patsubst %.c,$(B)/san/%.o,$(1))

AGENT      := $(B)/egresswatch-agent
AGENT_SAN  := $(B)/san/egresswatch-agent
UNIT_BINS  := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRCS))
UNIT_SAN   := $(patsubst tests/unit/%.c,$(B)/san/tests/%,$(UNIT_SRCS))
TOOL_BINS  := $(patsubst tests/tools/%.c,$(B)/tools/%,$(TOOL_SRCS))
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRCS))
BENCH_BINS := $(patsubst tests/bench/%.c,$(B)/bench/%,$(BENCH_SRCS))

.PHONY: all deps check demo fuzz bench install clean san unit lab golden
all: $(AGENT) $(TOOL_BINS) $(BENCH_BINS)

deps:
	@sh tools/install-deps.sh

# The inference core is pure arithmetic on counters and caps: implicit
# narrowing there is a bug (it truncated HSRPv2 groups), so it builds with
# -Wconversion. Dissectors and main are not there yet.
CONV_SRCS := agent/infer.c agent/infer_proto.c agent/devices.c agent/subnets.c agent/classify.c \
	agent/fingerprints.c agent/report.c
$(call OBJS,$(CONV_SRCS)) $(call SAN_OBJS,$(CONV_SRCS)): WARN += -Wconversion

# The agent finds its data files from any folder: installed beside it
# (PREFIX/share), else in the tree it was built from (agent/main.c find_data).
EW_PATHS := -DEW_SRCDIR='"$(CURDIR)"'
$(call OBJS,agent/main.c) $(call SAN_OBJS,agent/main.c): WARN += $(EW_PATHS)

# Link-time optimisation for the agent and the bench programs only: the
# per-packet path crosses files (link.c -> ipv4.c -> tcp.c -> the event
# callback -> infer.c) and LTO inlines across them: 6% less CPU on the
# small-frame bench (median of 9). Fat objects keep ordinary code beside the
# LTO code, so unit tests and tools link as before (-fno-lto), without the
# LTO link's cost. `make LTO=` turns it off.
LTO ?= -flto=auto -ffat-lto-objects
# Every file is compiled with -Werror; warnings that only the whole-program
# link sees (flow analysis across files, often false positives) are shown
# but do not stop the link, so a merge cannot break `make` through them.
LTO_LINK = $(LTO) $(if $(LTO),-Wno-error)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(LTO) -MMD -MP -c $< -o $@

$(B)/san/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -O1 -MMD -MP -c $< -o $@

$(AGENT): $(call OBJS,$(AGENT_SRCS))
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(LTO_LINK) -o $@ $^ $(PKG_LIBS) -lm

$(AGENT_SAN): $(call SAN_OBJS,$(AGENT_SRCS))
	@echo "  LD san  $@"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(call OBJS,$(CORE_SRCS) $(LIB_SRCS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) -fno-lto -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(B)/san/tests/%: $(B)/san/tests/unit/%.o $(call SAN_OBJS,$(CORE_SRCS) $(LIB_SRCS))
	@mkdir -p $(dir $@)
	@echo "  LD san  $@"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(B)/tools/%: $(B)/obj/tests/tools/%.o $(call OBJS,$(LIB_SRCS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) -fno-lto -o $@ $^ $(PKG_LIBS) -lm

# Benchmark programs: each tests/bench/*.c over the agent's core (dissectors,
# inference) and lib/, built like the agent so the figures compare.
$(B)/bench/%: $(B)/obj/tests/bench/%.o $(call OBJS,$(CORE_SRCS) $(LIB_SRCS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(LTO_LINK) -o $@ $^ $(PKG_LIBS) -lm

# libFuzzer harnesses: clang, ASan+UBSan.  The core is compiled once with
# fuzzer-no-link coverage and each harness links against those objects, so
# 21 harnesses cost one core compile instead of 21.
FUZZ_BASE   = -std=c17 -D_GNU_SOURCE -g -O1 -Iinclude -Iagent $(PKG_CFLAGS) -fno-sanitize-recover=all
FUZZ_OBJS   = $(patsubst %.c,$(B)/fuzzobj/%.o,$(CORE_SRCS) $(LIB_SRCS))
$(B)/fuzzobj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(CLANG) $(FUZZ_BASE) -fsanitize=fuzzer-no-link,address,undefined -MMD -MP -c $< -o $@

$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(CLANG) $(FUZZ_BASE) -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS) -lm

san: $(AGENT_SAN) $(UNIT_SAN)
unit: $(UNIT_BINS)

check: deps
	@$(MAKE) --no-print-directory all unit san
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@sh tests/run-all.sh

golden: all
	@sh tests/pcap/run-golden.sh

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} sh tests/fuzz/run-fuzz.sh

bench: all
	@sh tests/bench/run-bench.sh

lab: all
	@sh tests/lab/run-lab.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/egresswatch $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0755 $(AGENT) $(DESTDIR)$(PREFIX)/sbin/
	install -m 0644 data/fingerprints.conf $(DESTDIR)$(PREFIX)/share/egresswatch/
	for m in docs/*.8; do [ -f "$$m" ] && install -m 0644 "$$m" $(DESTDIR)$(PREFIX)/share/man/man8/; done; true

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
