/*
 * Files the loader preloaded (the boot info's module list): finding one
 * by its type, as FreeBSD's preload_search_by_type() does.  The list and
 * the files stay in memory the kernel does not reuse (SANPO_MEM_KERNEL).
 */
#include <sys/systm.h>
#include <sys/module.h>
#include <machine/vmparam.h>

const struct sanpo_module *
preload_search_by_type(const char *type)
{
	const struct sanpo_module *m;
	uint32_t i;

	if (bootinfo.modules == 0 || bootinfo.module_entsize < sizeof(*m))
		return (NULL);
	for (i = 0; i < bootinfo.module_count; i++) {
		m = (const struct sanpo_module *)PHYS_TO_DMAP(bootinfo.modules +
		    (uint64_t)i * bootinfo.module_entsize);
		if (strncmp(m->type, type, sizeof(m->type)) == 0)
			return (m);
	}
	return (NULL);
}

const void *
preload_data(const struct sanpo_module *m)
{
	return ((const void *)PHYS_TO_DMAP(m->phys));
}
