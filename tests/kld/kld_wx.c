/*
 * Test module: W^X of a module's own pages.  `kldwx` prints how the
 * kernel's page tables map one address in each of its segments (text,
 * read-only data, data, bss) as r/w/x; `kldwx write-text` stores into its
 * own code and `kldwx exec-data` calls into its own data -- each must be
 * a fatal page fault (protection violation), not a silent success.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/shell.h>
#include <machine/pmap.h>

static const char kld_wx_rodata[64] = "read-only";
static uint8_t kld_wx_data[64] = { 0xc3 };	/* `ret`, if it could run */
static uint8_t kld_wx_bss[64];

static void __attribute__((noinline))
kld_wx_victim(void)
{
	__asm__ volatile("" ::: "memory");
}

/* "r-x", "rw-"...: what the entry the CPU uses for va allows, "---" if unmapped. */
static const char *
prot_of(const void *va, char *buf)
{
	pt_entry_t *pte = pmap_walk(kernel_pml4_pa, (uint64_t)va, PMAP_LVL_PTE, 0);

	if (pte == NULL || (*pte & PG_V) == 0)
		return ("---");
	buf[0] = 'r';
	buf[1] = (*pte & PG_RW) ? 'w' : '-';
	buf[2] = (*pte & PG_NX) ? '-' : 'x';
	buf[3] = '\0';
	return (buf);
}

static void __attribute__((noinline))
kld_wx_write_text(void)
{
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)kld_wx_victim;

	printf("kld_wx: writing to text at %p\n", (void *)p);
	*p = 0xcc;
	printf("kld_wx: the write to text succeeded\n");
}

static void __attribute__((noinline))
kld_wx_exec_data(void)
{
	void (*f)(void) = (void (*)(void))(uintptr_t)kld_wx_data;

	printf("kld_wx: calling data at %p\n", (void *)kld_wx_data);
	f();
	printf("kld_wx: the call into data returned\n");
}

static int
cmd_kldwx(int argc, char **argv)
{
	char b[4][4];

	if (argc == 1) {
		printf("kld_wx: text %s rodata %s data %s bss %s\n",
		    prot_of((const void *)(uintptr_t)kld_wx_victim, b[0]),
		    prot_of(kld_wx_rodata, b[1]), prot_of(kld_wx_data, b[2]),
		    prot_of(kld_wx_bss, b[3]));
		return (0);
	}
	if (argc == 2 && strcmp(argv[1], "write-text") == 0)
		kld_wx_write_text();
	else if (argc == 2 && strcmp(argv[1], "exec-data") == 0)
		kld_wx_exec_data();
	else
		return (shell_usage(argv[0], NULL));
	return (0);
}
SHELL_COMMAND(kldwx, cmd_kldwx, "kldwx [write-text|exec-data]",
    "test: how kld_wx.ko's pages are mapped; break W^X");

static moduledata_t kld_wx_mod = { "kld_wx", NULL, NULL };
DECLARE_MODULE(kld_wx, kld_wx_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
