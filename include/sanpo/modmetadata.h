/*
 * Module metadata as a .ko carries it: FreeBSD's struct mod_metadata and
 * the records it points to, gathered in the linker set modmetadata_set.
 * DECLARE_MODULE, MODULE_VERSION and MODULE_DEPEND (kernel/sys/module.h)
 * make them; the kernel linker reads them to register a file's modules and
 * load its dependencies, and the loader reads them for the same reason
 * before the kernel runs.  This header is that format and its reader
 * (common/modmetadata.c), shared by both.
 */
#ifndef SANPO_MODMETADATA_H
#define SANPO_MODMETADATA_H

#include <stddef.h>
#include <stdint.h>

#define MDT_STRUCT_VERSION	1	/* md_version of every record below */

#define MDT_DEPEND	1	/* md_data: struct mod_depend; md_cval: the module needed */
#define MDT_MODULE	2	/* md_data: the moduledata_t; md_cval: the module's name */
#define MDT_VERSION	3	/* md_data: struct mod_version; md_cval: the module's name */

#define MAXMODNAME	32	/* a module name with its NUL */

struct mod_metadata {
	int		 md_version;	/* MDT_STRUCT_VERSION */
	int		 md_type;	/* MDT_* */
	const void	*md_data;	/* the record */
	const char	*md_cval;	/* a module name */
};

struct mod_depend {
	int		 md_ver_minimum;	/* oldest version that will do */
	int		 md_ver_preferred;	/* the one built against */
	int		 md_ver_maximum;	/* newest that will do */
};

struct mod_version {
	int		 mv_version;
};

/* One record, checked and read out of a linked image. */
struct modmeta {
	int		 type;		/* MDT_* */
	const char	*name;		/* md_cval, inside the image */
	uint64_t	 data;		/* md_data's address (MDT_MODULE: the moduledata_t) */
	int		 ver_min, ver_pref, ver_max;	/* MDT_DEPEND; MDT_VERSION: all three */
};

/*
 * Reads entry i of the modmetadata set that lies at set_off..+set_size in
 * image[0..total), an image linked to run at base (its pointers are
 * addresses from base).  Every pointer must land inside the image and
 * every name be NUL-terminated there, shorter than MAXMODNAME: 0 and *m,
 * or -1 with a reason.  Records of unknown types come back as they are
 * (type set, nothing else read), for the caller to skip.
 */
int	modmeta_read(const void *image, uint64_t total, uint64_t base, uint64_t set_off,
	    uint64_t set_size, unsigned i, struct modmeta *m, char *err, size_t errlen);

#endif
