/*
 * Backtraces: walk the frame-pointer chain (the kernel is built with
 * -fno-omit-frame-pointer) and name each return address from the ELF
 * symbol table the loader passed in the boot info, or from a loaded
 * module's symbols (with the module's file name).  Every frame pointer is
 * checked before it is followed, so a corrupt stack ends the trace instead
 * of faulting inside the fault handler.
 */
#include <sys/systm.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/linker.h>
#include <sanpo/elf64.h>
#include <machine/md_var.h>
#include <machine/vmparam.h>

#define MAX_FRAMES	32

/* The kernel's symbols or a loaded module's (kern_linker.c). */
const char *
symbol_lookup(uint64_t addr, uint64_t *offset)
{
	return (linker_search_symbol(addr, offset, NULL));
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
	const char *file, *name = linker_search_symbol(n == 0 ? pc : pc - 1, &off, &file);

	if (name != NULL && n != 0)
		off++;

	if (name != NULL)
		printf("#%d 0x%016llx at %s+0x%llx%s%s%s\n", n, (unsigned long long)pc,
		    name, (unsigned long long)off, file != NULL ? " (" : "",
		    file != NULL ? file : "", file != NULL ? ")" : "");
	else
		printf("#%d 0x%016llx%s%s%s\n", n, (unsigned long long)pc,
		    file != NULL ? " in " : "", file != NULL ? file : "", "");
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
