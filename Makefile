# egresswatch - build, test, demo.  `make demo` and `make check` are the two
# set-up commands: both install missing Debian packages first (make deps).

PREFIX  ?= /usr/local
DESTDIR ?=
# Where `make install` puts what is not under PREFIX. The programs find their
# data in ../share/egresswatch from their own folder, so sbin and share stay
# under one PREFIX; the units name SYSCONFDIR/egresswatch/*.conf.
SYSCONFDIR  ?= /etc
UNITDIR     ?= $(PREFIX)/lib/systemd/system
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
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
# net-snmp: the agent binary alone links it (agent/locate_snmp.c), never lib/ or the tests' core
SNMP_LIBS := $(shell net-snmp-config --libs 2>/dev/null || echo -lnetsnmp)
SNMP_SRCS := agent/locate_snmp.c

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
CFLAGS  ?= -O2 -g
# Each program sees include/ and its own folder only: -Iagent for agent and
# its tests, -Icollector for the collector (tests/layout checks the sources).
BASE_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) -Iinclude $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_CFLAGS = $(BASE_CFLAGS) -Iagent
# The collector's libraries (it alone links them; the agent never does).
COLL_PKGS  := sqlite3 libpq libzip expat xlsxwriter libmicrohttpd nettle json-c
COLL_CFLAGS = $(BASE_CFLAGS) -Icollector $(shell pkg-config --cflags $(COLL_PKGS) 2>/dev/null)
COLL_LIBS  := $(shell pkg-config --libs $(COLL_PKGS) 2>/dev/null) -lcsv
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The probes (probes/) see include/ and probes/ only; libnet, libcurl and
# expat are linked into egresswatch-probe alone (and the probe unit tests).
PROBE_PKGS   := libcurl expat
PROBE_CFLAGS = $(BASE_CFLAGS) -Iprobes $(shell pkg-config --cflags $(PROBE_PKGS) 2>/dev/null) \
	-DHAVE_NET_ETHERNET_H -DLIBNET_LIL_ENDIAN
PROBE_LIBS  := $(shell pkg-config --libs $(PROBE_PKGS) 2>/dev/null || echo -lcurl -lexpat) \
	$(shell libnet-config --libs 2>/dev/null || echo -lnet)

LIB_SRCS   := $(sort $(wildcard lib/*.c))
# delivery, privilege separation and confinement (libcurl, libseccomp,
# Landlock): the agent's programs only
AGENT_IO_SRCS := agent/deliver.c agent/landlock.c agent/privsep.c agent/sandbox.c agent/sender.c agent/spool.c
AGENT_IO_LIBS := $(shell pkg-config --libs libcurl libseccomp 2>/dev/null || echo -lcurl -lseccomp)
SECCOMP_LIBS  := $(shell pkg-config --libs libseccomp 2>/dev/null || echo -lseccomp)
# the parser's helper processes (locator: SNMP walks; prober: scheduled
# probes; sender: delivery), their sockets and the programs they run
# (agent/helper_exec.h); the records they send (agent/ipc.c) are core
HELPER_SRCS := agent/locator.c agent/prober.c agent/helper_proc.c agent/ipc_io.c agent/helper_sandbox.c \
	agent/helper_exec.c agent/paths.c
HELPER_MAINS := agent/sender_main.c agent/prober_main.c agent/locator_main.c
# what only the helper programs run (their first steps)
HELPER_ONLY_SRCS := agent/helper_start.c
CORE_SRCS  := $(sort $(wildcard agent/dissect/*.c) $(filter-out agent/main.c $(HELPER_MAINS) $(HELPER_ONLY_SRCS) $(HELPER_SRCS) $(SNMP_SRCS) $(AGENT_IO_SRCS),$(wildcard agent/*.c)))
# The parser (egresswatch-agent) links neither libcurl, libnet, expat nor
# net-snmp: the helpers that use them are programs of their own, so every
# run of the parser is spared mapping them (about 8 ms of CPU at start).
PARSER_SRCS := agent/main.c $(HELPER_SRCS) $(filter-out agent/sender.c agent/deliver.c agent/spool.c,$(AGENT_IO_SRCS)) $(CORE_SRCS)
# Each helper links its main, the agent's objects it needs (an archive: the
# linker takes only those) and its own libraries.
AGENT_LIB_SRCS := $(HELPER_SRCS) $(HELPER_ONLY_SRCS) $(SNMP_SRCS) $(AGENT_IO_SRCS) $(CORE_SRCS)
COLL_SRCS  := $(sort $(wildcard collector/*.c))
COLL_CORE  := $(filter-out collector/main.c,$(COLL_SRCS))
COLL_TEST_SRCS := $(sort $(wildcard tests/collector/test_*.c))
PROBE_SRCS := $(sort $(wildcard probes/*.c))
PROBE_CORE := $(filter-out probes/main.c,$(PROBE_SRCS))
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRCS  := $(sort $(wildcard tests/tools/*.c))
FUZZ_SRCS  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRCS := $(sort $(wildcard tests/bench/*.c))

B := build
OBJS      = $(patsubst %.c,$(B)/obj/%.o,$(1))
SAN_OBJS  = $(patsubst %.c,$(B)/san/%.o,$(1))

AGENT      := $(B)/egresswatch-agent
AGENT_SAN  := $(B)/san/egresswatch-agent
# the agent's helper programs, found beside it in the build (agent/paths.h)
HELPER_NAMES := ew-sender ew-prober ew-locator
HELPERS     := $(addprefix $(B)/,$(HELPER_NAMES))
HELPERS_SAN := $(addprefix $(B)/san/,$(HELPER_NAMES))
LIBAGENT    := $(B)/libewagent.a
LIBAGENT_SAN := $(B)/san/libewagent.a
PROBE      := $(B)/egresswatch-probe
PROBE_SAN  := $(B)/san/egresswatch-probe
# lib/: what the programs share, one static library (plain and sanitized)
LIBEW      := $(B)/libegresswatch.a
LIBEW_SAN  := $(B)/san/libegresswatch.a
COLLECTOR  := $(if $(wildcard collector/main.c),$(B)/egresswatch-collector)
COLLECTOR_SAN := $(if $(wildcard collector/main.c),$(B)/san/egresswatch-collector)
COLL_TESTS := $(patsubst tests/collector/%.c,$(B)/tests/collector/%,$(COLL_TEST_SRCS))
COLL_TESTS_SAN := $(patsubst tests/collector/%.c,$(B)/san/tests/collector/%,$(COLL_TEST_SRCS))
UNIT_BINS  := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRCS))
UNIT_SAN   := $(patsubst tests/unit/%.c,$(B)/san/tests/%,$(UNIT_SRCS))
TOOL_BINS  := $(patsubst tests/tools/%.c,$(B)/tools/%,$(TOOL_SRCS))
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRCS))
# the collector's parsers (sheet, report JSON, HTTP bodies): tests/fuzz/collector/
CFUZZ_SRCS := $(sort $(wildcard tests/fuzz/collector/fuzz_*.c))
CFUZZ_BINS := $(patsubst tests/fuzz/collector/%.c,$(B)/fuzz/%,$(CFUZZ_SRCS))
BENCH_BINS := $(patsubst tests/bench/%.c,$(B)/bench/%,$(BENCH_SRCS))

# the helpers' main objects are pattern prerequisites: kept, not intermediate
.SECONDARY: $(call OBJS,$(HELPER_MAINS)) $(call SAN_OBJS,$(HELPER_MAINS))
.PHONY: all programs deps check-deps check demo fuzz bench install clean san unit lab golden
all: $(AGENT) $(HELPERS) $(PROBE) $(COLLECTOR) $(TOOL_BINS) $(BENCH_BINS)
# what `make install` and the Debian package ship
programs: $(AGENT) $(HELPERS) $(COLLECTOR) $(PROBE)

# Debian packages: `deps` what building and running need (make demo),
# `check-deps` those and what the tests need (make check).
deps:
	@sh tools/install-deps.sh
check-deps:
	@sh tools/install-deps.sh --check

# The inference core is pure arithmetic on counters and caps: implicit
# narrowing there is a bug (it truncated HSRPv2 groups), so it builds with
# -Wconversion. Dissectors and main are not there yet.
CONV_SRCS := agent/infer.c agent/infer_proto.c agent/devices.c agent/subnets.c agent/classify.c \
	agent/fingerprints.c agent/report.c agent/locate.c agent/locate_json.c agent/locate_config.c
$(call OBJS,$(CONV_SRCS)) $(call SAN_OBJS,$(CONV_SRCS)): WARN += -Wconversion
# The probes build packets and read answers byte by byte: all of probes/ too.
$(call OBJS,$(wildcard probes/*.c)) $(call SAN_OBJS,$(wildcard probes/*.c)): WARN += -Wconversion

# The programs find their data files from any folder: installed beside
# them (PREFIX/share), else in the tree they were built from (lib/datapath.c).
EW_PATHS := -DEW_SRCDIR='"$(CURDIR)"'
$(call OBJS,lib/datapath.c) $(call SAN_OBJS,lib/datapath.c): WARN += $(EW_PATHS)

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

# lib/ sees include/ only. LTO too: the address helpers (ew_ip_eq,
# ew_mac_eq, ew_ip_is_special) run several times per packet in the agent.
$(B)/obj/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) $(LTO) -MMD -MP -c $< -o $@

$(B)/san/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) -O1 -MMD -MP -c $< -o $@

$(LIBEW): $(call OBJS,$(LIB_SRCS))
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

$(LIBEW_SAN): $(call SAN_OBJS,$(LIB_SRCS))
	@echo "  AR san  $@"
	@rm -f $@ && ar rcs $@ $^

# The collector and its tests see include/ and collector/, never agent/.
$(B)/obj/collector/%.o: collector/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(COLL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/collector/%.o: collector/%.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(COLL_CFLAGS) $(SAN_FLAGS) -O1 -MMD -MP -c $< -o $@

$(B)/obj/tests/collector/%.o: tests/collector/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(COLL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/tests/collector/%.o: tests/collector/%.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(COLL_CFLAGS) $(SAN_FLAGS) -O1 -MMD -MP -c $< -o $@

$(B)/egresswatch-collector: $(call OBJS,$(COLL_SRCS)) $(LIBEW)
	@echo "  LD      $@"
	@$(CC) $(COLL_CFLAGS) $(LDFLAGS) -o $@ $^ $(COLL_LIBS) -lm

$(B)/san/egresswatch-collector: $(call SAN_OBJS,$(COLL_SRCS)) $(LIBEW_SAN)
	@echo "  LD san  $@"
	@$(CC) $(COLL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(COLL_LIBS) -lm

$(B)/tests/collector/%: $(B)/obj/tests/collector/%.o $(call OBJS,$(COLL_CORE)) $(LIBEW)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(COLL_CFLAGS) -o $@ $^ $(COLL_LIBS) $(CMOCKA_LIBS) -lm

$(B)/san/tests/collector/%: $(B)/san/tests/collector/%.o $(call SAN_OBJS,$(COLL_CORE)) $(LIBEW_SAN)
	@mkdir -p $(dir $@)
	@echo "  LD san  $@"
	@$(CC) $(COLL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(COLL_LIBS) $(CMOCKA_LIBS) -lm

# The class names in Japanese are data (data/classes-ja.conf) compiled in.
collector/classes_ja.c: data/classes-ja.conf tools/gen-classes-ja.sh
	@echo "  GEN     $@"
	@sh tools/gen-classes-ja.sh data/classes-ja.conf > $@.tmp && mv $@.tmp $@

# Programs beside the collector tests (linked like them): the sample exporter
# that tests/collector/run-exports.sh drives, and the reconcile benchmark.
COLL_PROGS := $(B)/tests/collector/ew-export-sample $(B)/tests/collector/ew-reconcile-bench
unit: $(COLL_PROGS)

# The parser: libpcap, json-c and libseccomp only.
$(AGENT): $(call OBJS,$(PARSER_SRCS)) $(LIBEW)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(LTO_LINK) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(SECCOMP_LIBS) -lm

$(AGENT_SAN): $(call SAN_OBJS,$(PARSER_SRCS)) $(LIBEW_SAN)
	@echo "  LD san  $@"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) $(SECCOMP_LIBS) -lm

$(LIBAGENT): $(call OBJS,$(AGENT_LIB_SRCS))
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

$(LIBAGENT_SAN): $(call SAN_OBJS,$(AGENT_LIB_SRCS))
	@echo "  AR san  $@"
	@rm -f $@ && ar rcs $@ $^

# The helpers (agent/*_main.c): the sender links libcurl, the locator
# net-snmp, the prober probes/ with libnet, libcurl and expat. --as-needed:
# a library none of the objects taken uses is not loaded.
HELPER_LIBS = $(PROBE_LIBS) $(SNMP_LIBS) $(AGENT_IO_LIBS) $(PKG_LIBS) -lpthread -lm
$(B)/ew-%: $(B)/obj/agent/%_main.o $(call OBJS,$(PROBE_CORE)) $(LIBAGENT) $(LIBEW)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) -fno-lto $(LDFLAGS) -Wl,--as-needed -o $@ $< $(if $(filter prober,$*),$(call OBJS,$(PROBE_CORE))) $(LIBAGENT) $(LIBEW) $(HELPER_LIBS)

$(B)/san/ew-%: $(B)/san/agent/%_main.o $(call SAN_OBJS,$(PROBE_CORE)) $(LIBAGENT_SAN) $(LIBEW_SAN)
	@echo "  LD san  $@"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Wl,--as-needed -o $@ $< $(if $(filter prober,$*),$(call SAN_OBJS,$(PROBE_CORE))) $(LIBAGENT_SAN) $(LIBEW_SAN) $(HELPER_LIBS)

# The probes: probes/*.c and their unit tests see include/ and probes/ only.
$(B)/obj/probes/%.o: probes/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(PROBE_CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/probes/%.o: probes/%.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(PROBE_CFLAGS) $(SAN_FLAGS) -O1 -MMD -MP -c $< -o $@

$(B)/obj/tests/unit/test_probe_%.o: tests/unit/test_probe_%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(PROBE_CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/tests/unit/test_probe_%.o: tests/unit/test_probe_%.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(PROBE_CFLAGS) $(SAN_FLAGS) -O1 -MMD -MP -c $< -o $@

$(PROBE): $(call OBJS,$(PROBE_SRCS) $(CORE_SRCS)) $(LIBEW)
	@echo "  LD      $@"
	@$(CC) $(PROBE_CFLAGS) $(LDFLAGS) -o $@ $^ $(PROBE_LIBS) $(PKG_LIBS) -lm

$(PROBE_SAN): $(call SAN_OBJS,$(PROBE_SRCS) $(CORE_SRCS)) $(LIBEW_SAN)
	@echo "  LD san  $@"
	@$(CC) $(PROBE_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(PROBE_LIBS) $(PKG_LIBS) -lm

$(B)/tests/test_probe_%: $(B)/obj/tests/unit/test_probe_%.o $(call OBJS,$(PROBE_CORE) $(CORE_SRCS)) $(LIBEW)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(PROBE_CFLAGS) -o $@ $^ $(PROBE_LIBS) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(B)/san/tests/test_probe_%: $(B)/san/tests/unit/test_probe_%.o $(call SAN_OBJS,$(PROBE_CORE) $(CORE_SRCS)) $(LIBEW_SAN)
	@mkdir -p $(dir $@)
	@echo "  LD san  $@"
	@$(CC) $(PROBE_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(PROBE_LIBS) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(B)/tests/test_%: $(B)/obj/tests/unit/test_%.o $(call OBJS,$(CORE_SRCS)) $(LIBEW)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) -fno-lto -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(B)/san/tests/test_%: $(B)/san/tests/unit/test_%.o $(call SAN_OBJS,$(CORE_SRCS)) $(LIBEW_SAN)
	@mkdir -p $(dir $@)
	@echo "  LD san  $@"
	@$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(B)/tools/%: $(B)/obj/tests/tools/%.o $(LIBEW)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) -fno-lto -o $@ $^ $(PKG_LIBS) -lm

# Benchmark programs: each tests/bench/*.c over the agent's core (dissectors,
# inference) and lib/, built like the agent so the figures compare.
$(B)/bench/%: $(B)/obj/tests/bench/%.o $(call OBJS,$(CORE_SRCS)) $(LIBEW)
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

# The UPnP answer parsers (probes/upnp.c, expat): their own harnesses.
PFUZZ_BASE  = -std=c17 -D_GNU_SOURCE -g -O1 -Iinclude -Iprobes -fno-sanitize-recover=all
$(B)/fuzzobj/probes/%.o: probes/%.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(CLANG) $(PFUZZ_BASE) -fsanitize=fuzzer-no-link,address,undefined -MMD -MP -c $< -o $@

$(B)/fuzz/fuzz_upnp_%: tests/fuzz/fuzz_upnp_%.c $(B)/fuzzobj/probes/upnp.o $(patsubst %.c,$(B)/fuzzobj/%.o,$(LIB_SRCS))
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(CLANG) $(PFUZZ_BASE) -fsanitize=fuzzer,address,undefined -o $@ $^ -lexpat $(PKG_LIBS) -lm

.SECONDARY: $(patsubst %.c,$(B)/fuzzobj/%.o,probes/upnp.c $(LIB_SRCS))

CFUZZ_BASE  = -std=c17 -D_GNU_SOURCE -g -O1 -Iinclude -Icollector $(shell pkg-config --cflags $(COLL_PKGS) 2>/dev/null) -fno-sanitize-recover=all
CFUZZ_OBJS  = $(patsubst %.c,$(B)/fuzzobj/%.o,$(COLL_CORE) $(LIB_SRCS))
$(B)/fuzzobj/collector/%.o: collector/%.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(CLANG) $(CFUZZ_BASE) -fsanitize=fuzzer-no-link,address,undefined -MMD -MP -c $< -o $@

$(B)/fuzz/%: tests/fuzz/collector/%.c $(CFUZZ_OBJS)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(CLANG) $(CFUZZ_BASE) -fsanitize=fuzzer,address,undefined -o $@ $^ $(COLL_LIBS) $(PKG_LIBS) -lm

san: $(AGENT_SAN) $(HELPERS_SAN) $(PROBE_SAN) $(COLLECTOR_SAN) $(UNIT_SAN) $(COLL_TESTS_SAN)
unit: $(UNIT_BINS) $(COLL_TESTS)

check: check-deps
	@$(MAKE) --no-print-directory all unit san
	@$(MAKE) --no-print-directory $(FUZZ_BINS) $(CFUZZ_BINS)
	@sh tests/run-all.sh

golden: all
	@sh tests/pcap/run-golden.sh

fuzz: check-deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS) $(CFUZZ_BINS)
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} sh tests/fuzz/run-fuzz.sh

bench: all
	@sh tests/bench/run-bench.sh

lab: all
	@sh tests/lab/run-lab.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh

# Installs whichever programs are built (agent, collector, probe; the agent's
# helpers in PREFIX/lib/egresswatch, where agent/paths.c looks), the data
# files they read at run time (data/*.conf but the demo's), the man pages by
# section, the systemd units with this PREFIX's sbin in ExecStart, the
# tmpfiles.d line for the agent's spool, and example configs in
# SYSCONFDIR/egresswatch unless they are there already.
INSTALL_PROGS = $(wildcard $(B)/egresswatch-agent $(B)/egresswatch-collector $(B)/egresswatch-probe)
INSTALL_HELPERS = $(wildcard $(HELPERS))
INSTALL_DATA  = $(filter-out data/demo%,$(wildcard data/*.conf))
UNIT_SRCS     = $(wildcard dist/systemd/*.in)
install: programs
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/egresswatch \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(SYSCONFDIR)/egresswatch
	install -m 0755 $(INSTALL_PROGS) $(DESTDIR)$(PREFIX)/sbin/
	[ -z "$(INSTALL_HELPERS)" ] || { install -d $(DESTDIR)$(PREFIX)/lib/egresswatch && \
		install -m 0755 $(INSTALL_HELPERS) $(DESTDIR)$(PREFIX)/lib/egresswatch/; }
	install -m 0644 $(INSTALL_DATA) $(DESTDIR)$(PREFIX)/share/egresswatch/
	for m in docs/*.[1-9]; do \
		s=$${m##*.}; install -d $(DESTDIR)$(PREFIX)/share/man/man$$s && \
		install -m 0644 "$$m" $(DESTDIR)$(PREFIX)/share/man/man$$s/ || exit 1; \
	done
	for u in $(UNIT_SRCS); do \
		sed -e 's|@SBINDIR@|$(PREFIX)/sbin|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' "$$u" \
			> $(DESTDIR)$(UNITDIR)/$$(basename "$$u" .in) || exit 1; \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$$(basename "$$u" .in); \
	done
	install -m 0644 dist/tmpfiles/egresswatch.conf $(DESTDIR)$(TMPFILESDIR)/
	for c in dist/etc/*.conf; do \
		t=$(DESTDIR)$(SYSCONFDIR)/egresswatch/$$(basename "$$c"); \
		[ -e "$$t" ] || install -m 0644 "$$c" "$$t" || exit 1; \
	done

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
