# The UEFI loader: gnu-efi application BOOTX64.EFI.
#
# Built as a position-independent ELF shared object with gnu-efi's crt0 and
# linker script, then converted to a PE32+ EFI application with objcopy.

LOADER_OUT	:= $(BUILD)/loader
LOADER		:= $(LOADER_OUT)/BOOTX64.EFI

LOADER_SRCS := \
	efi/efi_main.c efi/efi_console.c efi/efi_file.c efi/efi_memory.c \
	efi/efi_tables.c \
	loader/main.c loader/console.c loader/env.c loader/conf.c \
	loader/commands.c loader/interp.c loader/autoboot.c loader/boot.c \
	loader/bootinfo.c loader/arch/x86_64/pagetable.c \
	loader/arch/x86_64/handoff.S \
	common/elf_validate.c common/boot_flags.c common/kvprintf.c

LOADER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -fno-builtin -fpic -fshort-wchar -mno-red-zone \
	-fno-stack-protector -fno-strict-aliasing -fno-asynchronous-unwind-tables \
	-DGNU_EFI_USE_MS_ABI -DEFI_FUNCTION_WRAPPER_UNUSED \
	-I/usr/include/efi -I/usr/include/efi/x86_64 -Iinclude -I.

LOADER_OBJS := $(patsubst %,$(LOADER_OUT)/%.o,$(basename $(LOADER_SRCS)))
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
	@size=$$(stat -c %s $@); echo "loader: $@ is $$size bytes"

# Flags live here: objects rebuild when this file changes.
$(LOADER_OBJS): loader/loader.mk

-include $(LOADER_DEPS)
