/*
 * x86_64 early machine set-up: a GDT with a TSS per CPU (its IST stacks
 * let a double fault or NMI run on a known-good stack), and the IDT for
 * the exception vectors, shared by all CPUs.  Then hammer_time(), the first C code, whose order is
 * the early boot order of the machine.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/cons.h>
#include <sys/pcpu.h>
#include <machine/cpufunc.h>
#include <machine/frame.h>
#include <machine/md_var.h>
#include <machine/pmap.h>
#include <machine/vmparam.h>


struct tss {
	uint32_t	reserved0;
	uint64_t	rsp[3];		/* stacks for privilege changes */
	uint64_t	reserved1;
	uint64_t	ist[7];		/* interrupt stack table: IST1..IST7 */
	uint64_t	reserved2;
	uint16_t	reserved3;
	uint16_t	iomap_base;
} __packed;

struct gate {
	uint16_t	off_lo;
	uint16_t	sel;
	uint8_t		ist;		/* IST index, 0: current stack */
	uint8_t		type_attr;	/* P=1, DPL, type 0xe (interrupt gate) */
	uint16_t	off_mid;
	uint32_t	off_hi;
	uint32_t	reserved;
} __packed;

struct dtr {
	uint16_t	limit;
	uint64_t	base;
} __packed;

#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_STACK_SIZE		8192

/* One GDT and TSS per CPU (each CPU's TSS descriptor is marked busy by ltr). */
static uint64_t		gdt[MAXCPU][8] __aligned(16);
static struct tss	tss[MAXCPU] __aligned(16);
static struct gate	idt[256] __aligned(16);
static uint8_t		ist_stacks[2][IST_STACK_SIZE] __aligned(16);	/* the BSP's */

struct sanpo_bootinfo	bootinfo;
uint32_t		boothowto;

/*
 * Load CPU cpu's GDT (with its own TSS, whose IST1/IST2 stacks are
 * df_stack and nmi_stack, the top addresses) and reload every segment
 * register.  Loading %gs clears the GS base: the caller sets it afterwards.
 */
void
gdt_init_cpu(unsigned cpu, uint64_t df_stack, uint64_t nmi_stack)
{
	uint64_t *g = gdt[cpu];
	struct tss *t = &tss[cpu];
	uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;
	struct dtr d = { sizeof(gdt[0]) - 1, (uint64_t)g };

	g[0] = 0;
	g[1] = 0x00af9a000000ffffULL;		/* 0x08 kernel code, 64-bit */
	g[2] = 0x00cf92000000ffffULL;		/* 0x10 kernel data */
	g[3] = 0x00cffa000000ffffULL;		/* 0x18 user code 32 (for SYSRET) */
	g[4] = 0x00cff2000000ffffULL;		/* 0x20 user data */
	g[5] = 0x00affa000000ffffULL;		/* 0x28 user code 64 */
	/* 0x30: the TSS descriptor takes two slots. */
	g[6] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	    (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
	    (((base >> 24) & 0xff) << 56);
	g[7] = base >> 32;

	memset(t, 0, sizeof(*t));
	t->ist[IST_DOUBLE_FAULT - 1] = df_stack;
	t->ist[IST_NMI - 1] = nmi_stack;
	t->iomap_base = sizeof(*t);

	__asm__ volatile(
	    "lgdt %0\n\t"
	    "movw %1, %%ax\n\t"
	    "movw %%ax, %%ds\n\t movw %%ax, %%es\n\t movw %%ax, %%ss\n\t"
	    "xorl %%eax, %%eax\n\t movw %%ax, %%fs\n\t movw %%ax, %%gs\n\t"
	    "pushq %2\n\t"
	    "leaq 1f(%%rip), %%rax\n\t"
	    "pushq %%rax\n\t"
	    "lretq\n"
	    "1:\n\t"
	    "movw %3, %%ax\n\t"
	    "ltr %%ax"
	    :: "m"(d), "i"(GSEL_KDATA), "i"((uint64_t)GSEL_KCODE), "i"(GSEL_TSS)
	    : "rax", "memory");
}

/* The boot CPU's GDT and TSS, with IST stacks in the kernel image. */
void
gdt_init(void)
{
	gdt_init_cpu(0, (uint64_t)&ist_stacks[0][IST_STACK_SIZE],
	    (uint64_t)&ist_stacks[1][IST_STACK_SIZE]);
}

void
idt_set_gate(int vec, uint64_t handler, int ist)
{
	idt[vec] = (struct gate){
		.off_lo = handler & 0xffff,
		.sel = GSEL_KCODE,
		.ist = (uint8_t)ist,
		.type_attr = 0x8e,	/* present, DPL 0, 64-bit interrupt gate */
		.off_mid = (handler >> 16) & 0xffff,
		.off_hi = (uint32_t)(handler >> 32),
	};
}

void
idt_init(void)
{
	struct dtr d = { sizeof(idt) - 1, (uint64_t)idt };
	int i;

	for (i = 0; i < 32; i++)
		idt_set_gate(i, trap_vectors[i], i == 8 ? IST_DOUBLE_FAULT :
		    i == 2 ? IST_NMI : 0);
	__asm__ volatile("lidt %0" :: "m"(d));
}

/* Every CPU shares the one IDT: the APs just load it. */
void
idt_load(void)
{
	struct dtr d = { sizeof(idt) - 1, (uint64_t)idt };

	__asm__ volatile("lidt %0" :: "m"(d));
}

/*
 * The first C code.  The order matters: the console first (so anything
 * after can complain), then the boot info copied while the loader's
 * identity map still exists, then our own descriptor tables (so faults are
 * reported, not triple faults), then our own page tables.
 */
void
hammer_time(uint64_t bootinfo_pa)
{
	const struct sanpo_bootinfo *bi = (const void *)bootinfo_pa;

	cninit();
	if (bi->magic != SANPO_BOOTINFO_MAGIC || bi->version != SANPO_BOOTINFO_VERSION) {
		printf("Sanpo kernel: boot info at 0x%llx has magic 0x%llx version %u; "
		    "expected 0x%llx version %u.  Halting.\n",
		    (unsigned long long)bootinfo_pa, (unsigned long long)bi->magic,
		    bi->version, (unsigned long long)SANPO_BOOTINFO_MAGIC,
		    SANPO_BOOTINFO_VERSION);
		cpu_halt_forever();
	}
	memcpy(&bootinfo, bi, bi->size < sizeof(bootinfo) ? bi->size : sizeof(bootinfo));
	boothowto = bootinfo.howto;
	cpu_identify();
	gdt_init();
	idt_init();
	/* Per-CPU data for the boot CPU: %gs points at pcpu_array[0].  (After
	 * gdt_init(): loading a segment register resets the GS base.) */
	pcpu_array[0].pc_self = &pcpu_array[0];
	pcpu_array[0].pc_cpuid = 0;
	pcpu_array[0].pc_started = 1;
	pcpu_array[0].pc_start_tsc = kernel_entry_tsc;
	wrmsr(MSR_GSBASE, (uint64_t)&pcpu_array[0]);
	pmap_bootstrap();	/* from here on: our tables, loader's identity map gone */
	mi_startup();
}
