# The UEFI loader: gnu-efi application BOOTX64.EFI.
#
# Built as a position-independent ELF shared object with gnu-efi's crt0 and
# linker script, then converted to a PE32+ EFI application with objcopy.

LOADER_OUT	:= $(BUILD)/loader
LOADER		:= $(LOADER_OUT)/BOOTX64.EFI

LOADER_SRCS := \
	efi/efi_main.c efi/efi_console.c efi/efi_file.c efi/efi_memory.c \
	efi/efi_tables.c efi/efi_cmds.c \
	loader/main.c loader/env.c loader/conf.c \
	loader/commands.c loader/interp.c loader/autoboot.c loader/boot.c \
	loader/bootinfo.c loader/arch/x86_64/pagetable.c \
	loader/arch/x86_64/handoff.S \
	$(COMMON_SRCS) $(COMMON_FLOAT_SRCS) \
	loader/lua_glue.c loader/lua_lib.c loader/commands_script.c \
	loader/module.c loader/commands_fw.c

# Every function used across files has its prototype in a header, and no
# declaration hides inside a function (as the kernel is built).  gnu-efi's
# headers are system headers: their old-style declarations are not ours.
LOADER_WARN := -Wmissing-prototypes -Wmissing-declarations -Wnested-externs \
	-Wredundant-decls -Wstrict-prototypes -Wold-style-definition
LOADER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror $(LOADER_WARN) \
	-ffreestanding -fno-builtin -fpic -fshort-wchar -mno-red-zone \
	-fno-stack-protector -fno-strict-aliasing -fno-asynchronous-unwind-tables \
	-DGNU_EFI_USE_MS_ABI -DEFI_FUNCTION_WRAPPER_UNUSED \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64 -Iinclude -I.

include loader/libc/libc.mk
LOADER_LUA_SRC	:= $(BUILD)/lua-5.4.4/src
LOADER_LUA_OPT	?= -O2
LOADER_SRCS	+= $(LIBC_SRCS)
LOADER_CFLAGS	+= $(LIBC_CFLAGS) $(COMMON_FLOAT_CFLAGS) -I$(LOADER_LUA_SRC) \
	-DLUAI_MAXCCALLS=120

# Lua 5.4 (build/lua-5.4.4/src, unpacked by `make lua-src`; never committed):
# the core and the libraries Sanpo opens, at -Os to keep BOOTX64.EFI small,
# with the loader's flags but for the declaration rules (not our code).
# lua.c luac.c linit.c liolib.c loslib.c loadlib.c ldblib.c are left out:
# the loader has its own io/loader/lfs modules (loader/lua_lib.c).
LOADER_LUA_MODS	:= lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem \
	lobject lopcodes lparser lstate lstring ltable ltm lundump lvm lzio \
	lauxlib lbaselib lcorolib lmathlib lstrlib ltablib lutf8lib
LOADER_LUA_OBJS	:= $(patsubst %,$(LOADER_OUT)/lua/%.o,$(LOADER_LUA_MODS))

$(LOADER_LUA_OBJS): $(LOADER_OUT)/lua/%.o: $(LOADER_LUA_SRC)/%.c $(LOADER_LUA_SRC)/lua.h
	@mkdir -p $(@D)
	@echo "  CC      $< (lua)"
	$(Q)$(CC) $(filter-out -O2 $(LOADER_WARN),$(LOADER_CFLAGS)) $(LOADER_LUA_OPT) \
		-MMD -MP -c $< -o $@

$(patsubst %,$(LOADER_LUA_SRC)/%.c,$(LOADER_LUA_MODS)): $(LOADER_LUA_SRC)/lua.h ;

LOADER_OBJS := $(patsubst %,$(LOADER_OUT)/%.o,$(basename $(LOADER_SRCS)))
# Loader objects that include Lua headers need the sources unpacked first.
$(LOADER_OUT)/loader/lua_glue.o $(LOADER_OUT)/loader/lua_lib.o: $(LOADER_LUA_SRC)/lua.h
LOADER_OBJS += $(LOADER_LUA_OBJS)
LOADER_DEPS := $(LOADER_OBJS:.o=.d)

$(LOADER_OUT)/%.o: %.c $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(LOADER_CFLAGS) -MMD -MP -c $< -o $@

$(LOADER_OUT)/%.o: %.S $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(LOADER_CFLAGS) -MMD -MP -c $< -o $@

$(LOADER_OUT)/loader.so: $(LOADER_OBJS)
	@echo "  LD      $@"
	$(Q)$(LD) -nostdlib -znocombreloc -shared -Bsymbolic \
		-T /usr/lib/elf_x86_64_efi.lds /usr/lib/crt0-efi-x86_64.o \
		$(LOADER_OBJS) -L/usr/lib -lefi -lgnuefi -o $@
	@if nm -u $@ | grep -q .; then echo "loader: undefined symbols:"; nm -u $@; rm -f $@; exit 1; fi

$(LOADER): $(LOADER_OUT)/loader.so
	@echo "  OBJCOPY $@"
	$(Q)objcopy -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym \
		-j .rel -j .rela -j .rel.* -j .rela.* -j .reloc \
		--target efi-app-x86_64 --subsystem=10 $< $@
	@size=$$(stat -c %s $@); echo "loader: $@ is $$size bytes (limit 524288)"; \
	if [ $$size -gt 524288 ]; then echo "loader: over the 512 KiB limit"; rm -f $@; exit 1; fi

# Flags live here: objects rebuild when this file changes.
$(LOADER_OBJS): loader/loader.mk

-include $(LOADER_DEPS)
