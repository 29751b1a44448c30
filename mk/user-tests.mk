# mk/user-tests.mk - the user programs the tests run in Sanpo (and, for the
# differential ones, on the Linux host too): static binaries built with
# Debian's musl-gcc (musl-tools) from tests/user/*.c into
# $(BUILD)/tests/user/.  Built by `make` (and so by `make test`).

USER_TEST_CC	 := musl-gcc
USER_TEST_CFLAGS := -static -O2 -g -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE
USER_TEST_OUT	 := $(BUILD)/tests/user
USER_TEST_SRCS	 := $(wildcard tests/user/*.c)
USER_TEST_PROGS	 := $(patsubst tests/user/%.c,$(USER_TEST_OUT)/%,$(USER_TEST_SRCS))

$(USER_TEST_OUT)/%: tests/user/%.c $(wildcard tests/user/*.h) mk/user-tests.mk $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  MUSL    $@"
	$(Q)$(USER_TEST_CC) $(USER_TEST_CFLAGS) -o $@ $< -lpthread

all: $(USER_TEST_PROGS)
.PHONY: user-tests
user-tests: $(USER_TEST_PROGS)
