# duban - publish how cooperation plans are carried out.
# make            build ./duban
# make run        install missing build dependencies, build, render content/ into output/
# make test       install missing test dependencies, build, run every test
# make bench      benchmark (see bench/README.md)
# make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/duban
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
PKG_CONFIG ?= pkg-config
PKGS     = yaml-0.1 libcmark xlsxwriter
VERSION  = 0.1.0

# SAN=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer into build/san.
# The release build links mimalloc, which replaces malloc for the whole
# process, libraries included (docs/performance.md); MALLOC= builds with the
# C library's allocator. The sanitizers bring their own.
ifeq ($(SAN),1)
BUILD   ?= build/san
OPT     ?= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDSAN    = -fsanitize=address,undefined
MALLOC   =
else
BUILD   ?= build/rel
OPT     ?= -O2 -g
LDSAN    =
MALLOC  ?= mimalloc
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
DU_CFLAGS   = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DDU_VERSION='"$(VERSION)"' -DDU_DATADIR='"$(DATADIR)"' \
              $(OPT) $(PKG_CFLAGS) -MMD -MP $(CFLAGS) $(CPPFLAGS)
DU_LIBS     = $(MALLOC:%=-l%) $(PKG_LIBS) -lpthread -lm $(LDSAN) $(LDFLAGS)
DU_MALLOC   = $(or $(MALLOC),libc)

SRCS     = $(sort $(wildcard src/*.c))
OBJS     = $(SRCS:src/%.c=$(BUILD)/%.o)
LIBOBJS  = $(filter-out $(BUILD)/main.o,$(OBJS))
UNIT_SRCS = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRCS = $(sort $(wildcard tests/tools/*.c))
TOOL_BINS = $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)

.PHONY: all run test test-bin deps deps-test install uninstall clean bench fuzz check-content

all: duban

duban: $(BUILD)/duban
	cp $(BUILD)/duban duban

$(BUILD)/duban: $(OBJS)
	$(CC) -o $@ $(OBJS) $(DU_LIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(DU_CFLAGS) -c -o $@ $<

# mem.c talks to the allocator linked: rebuilt when MALLOC changes
$(BUILD)/mem.o: src/mem.c $(BUILD)/malloc-$(DU_MALLOC)
	@mkdir -p $(dir $@)
	$(CC) $(DU_CFLAGS) $(if $(filter mimalloc,$(MALLOC)),-DDU_MIMALLOC) -c -o $@ $<

$(BUILD)/malloc-%:
	@mkdir -p $(dir $@)
	@rm -f $(BUILD)/malloc-*
	@touch $@

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(DU_CFLAGS) -Isrc -o $@ $< $(LIBOBJS) $(DU_LIBS) $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

$(BUILD)/tools/%: tests/tools/%.c $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(DU_CFLAGS) -Isrc -o $@ $< $(LIBOBJS) $(DU_LIBS)

# Everything the test runner needs, for one build flavour.
test-bin: $(BUILD)/duban $(UNIT_BINS) $(TOOL_BINS)

deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

run: deps
	$(MAKE) duban
	./duban build

test: deps-test
	$(MAKE) test-bin
	$(MAKE) test-bin SAN=1
	bash tests/run-all

bench:
	@sh tools/deps.sh bench
	$(MAKE) duban
	bash bench/run

fuzz:
	bash tests/fuzz/run $(FUZZ_SECONDS)

install: duban
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(MANDIR)/man1
	install -m 755 duban $(DESTDIR)$(BINDIR)/duban
	cp -R themes/default $(DESTDIR)$(DATADIR)/themes/
	install -m 644 docs/duban.1 $(DESTDIR)$(MANDIR)/man1/duban.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/duban $(DESTDIR)$(MANDIR)/man1/duban.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build duban test-artifacts
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

-include $(OBJS:.o=.d)
