/*
 * Files the loader preloaded (the boot info's module list): finding them
 * by type, as FreeBSD's preload_search_by_type() does.  The list and
 * the files stay in memory the kernel does not reuse (SANPO_MEM_KERNEL).
 */
#include <sys/systm.h>
#include <sys/module.h>
#include <machine/vmparam.h>

static const struct sanpo_module *
preload_entry(uint32_t i)
{
	return ((const struct sanpo_module *)PHYS_TO_DMAP(bootinfo.modules +
	    (uint64_t)i * bootinfo.module_entsize));
}

const struct sanpo_module *
preload_search_next(const struct sanpo_module *prev, const char *type)
{
	const struct sanpo_module *m;
	uint32_t i = 0;

	if (bootinfo.modules == 0 || bootinfo.module_entsize < sizeof(*m))
		return (NULL);
	if (prev != NULL)
		while (i < bootinfo.module_count && preload_entry(i++) != prev)
			;
	for (; i < bootinfo.module_count; i++) {
		m = preload_entry(i);
		if (strncmp(m->type, type, sizeof(m->type)) == 0)
			return (m);
	}
	return (NULL);
}

const struct sanpo_module *
preload_search_by_type(const char *type)
{
	return (preload_search_next(NULL, type));
}

const void *
preload_data(const struct sanpo_module *m)
{
	return ((const void *)PHYS_TO_DMAP(m->phys));
}
