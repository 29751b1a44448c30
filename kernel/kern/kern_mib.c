/*
 * The basic sysctls: what kernel this is and how it booted.  Values that
 * belong to a subsystem are declared in that subsystem's file.
 */
#include <sys/systm.h>
#include <sys/shell.h>
#include <sys/sysctl.h>
#include <sanpo/boothowto.h>
#include <machine/cpufunc.h>
#include <vm/vm_phys.h>

static const char *ostype = "Sanpo";
static const char *osrelease = SANPO_VERSION;
static const char *version = "Sanpo " SANPO_VERSION " (x86_64)";
uint64_t kern_boot_ms_kernel;		/* set when the shell first prompts */

SYSCTL_STRING("kern.ostype", &ostype, "operating system type");
SYSCTL_STRING("kern.osrelease", &osrelease, "operating system release");
SYSCTL_STRING("kern.version", &version, "kernel version");
SYSCTL_UINT("kern.boothowto", &boothowto, "boot flags (RB_* bits) from the loader");

static void
bootflags_handler(char *buf, size_t len)
{
	boot_howto_names(boothowto, buf, len);
}
SYSCTL_PROC("kern.bootflags", bootflags_handler, "boot flags by name");

static void
physmem_handler(char *buf, size_t len)
{
	snprintf(buf, len, "%llu", (unsigned long long)vm_phys_real_memory());
}
SYSCTL_PROC("hw.physmem", physmem_handler, "physical memory in bytes");

static void
usermem_handler(char *buf, size_t len)
{
	snprintf(buf, len, "%llu", (unsigned long long)(vm_phys_free_pages() * 4096));
}
SYSCTL_PROC("hw.usermem", usermem_handler, "free physical memory in bytes");

static void
loader_ms_handler(char *buf, size_t len)
{
	snprintf(buf, len, "%llu", (unsigned long long)(tsc_to_us(bootinfo.tsc.before_jump -
	    bootinfo.tsc.loader_entry) / 1000));
}
SYSCTL_PROC("kern.boot_ms.loader", loader_ms_handler,
    "milliseconds from loader entry to the jump into the kernel");
SYSCTL_U64("kern.boot_ms.kernel", &kern_boot_ms_kernel,
    "milliseconds from kernel entry to the first shell prompt");
