/*
 * Backtraces: walk the frame-pointer chain (the kernel is built with
 * -fno-omit-frame-pointer) and name each return address from the ELF
 * symbol table the loader passed in the boot info.  Every frame pointer is
 * checked before it is followed, so a corrupt stack ends the trace instead
 * of faulting inside the fault handler.
 */
#include <sys/systm.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sanpo/elf64.h>
#include <machine/md_var.h>
#include <machine/vmparam.h>

#define MAX_FRAMES	32

const char *
symbol_lookup(uint64_t addr, uint64_t *offset)
{
	const Elf64_Sym *sym;
	const char *str;
	uint64_t n, i, best_val = 0;
	const char *best = NULL;

	if (bootinfo.symtab == 0 || bootinfo.strtab == 0)
		return (NULL);
	sym = (const Elf64_Sym *)PHYS_TO_DMAP(bootinfo.symtab);
	str = (const char *)PHYS_TO_DMAP(bootinfo.strtab);
	n = bootinfo.symtab_size / sizeof(Elf64_Sym);
	for (i = 0; i < n; i++) {
		if (ELF64_ST_TYPE(sym[i].st_info) != STT_FUNC ||
		    sym[i].st_name >= bootinfo.strtab_size)
			continue;
		if (sym[i].st_value <= addr && sym[i].st_value >= best_val &&
		    (sym[i].st_size == 0 || addr < sym[i].st_value + sym[i].st_size)) {
			best_val = sym[i].st_value;
			best = str + sym[i].st_name;
		}
	}
	if (best != NULL && offset != NULL)
		*offset = addr - best_val;
	return (best);
}

/*
 * For return addresses (every frame but the first) we name pc - 1: a call
 * to a noreturn function is often the last instruction of its caller, and
 * the return address then already belongs to the next function.
 */
static void
print_frame(int n, uint64_t pc)
{
	uint64_t off;
	const char *name = symbol_lookup(n == 0 ? pc : pc - 1, &off);

	if (name != NULL && n != 0)
		off++;

	if (name != NULL)
		printf("#%d 0x%016llx at %s+0x%llx\n", n, (unsigned long long)pc,
		    name, (unsigned long long)off);
	else
		printf("#%d 0x%016llx\n", n, (unsigned long long)pc);
}

/*
 * A frame pointer we may dereference: aligned, inside the kernel image
 * (boot and exception stacks) or inside the current thread's stack.
 */
static int
frame_ok(uint64_t fp)
{
	struct thread *td = pcpu_array[0].pc_self != NULL ? curthread : NULL;

	if ((fp & 7) != 0)
		return (0);
	if (fp >= (uint64_t)__kernel_start && fp + 16 <= (uint64_t)__kernel_end)
		return (1);
	return (td != NULL && td->td_kstack != NULL &&
	    fp >= (uint64_t)td->td_kstack && fp + 16 <= (uint64_t)td->td_kstack + KSTACK_SIZE);
}

void
stack_print(uint64_t rbp, uint64_t rip)
{
	int n = 0;

	printf("backtrace:\n");
	print_frame(n++, rip);
	while (n < MAX_FRAMES && rbp != 0 && frame_ok(rbp)) {
		uint64_t *frame = (uint64_t *)rbp;
		uint64_t ret = frame[1];

		if (ret == 0)
			break;
		print_frame(n++, ret);
		if (frame[0] <= rbp)	/* stacks grow down: callers are higher */
			break;
		rbp = frame[0];
	}
}
