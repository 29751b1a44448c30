/*
 * Reading module metadata out of a linked .ko image (sanpo/modmetadata.h).
 * The image may be hostile, so every pointer is checked to land inside it
 * before it is followed; the image is read through `image`, whatever
 * address it was linked to run at.
 */
#include <string.h>
#include <sanpo/kvprintf.h>
#include <sanpo/modmetadata.h>

/* image[addr - base .. + len) when it lies inside the image and is aligned, else NULL. */
static const uint8_t *
at(const void *image, uint64_t total, uint64_t base, uint64_t addr, uint64_t len,
    uint64_t align)
{
	uint64_t off = addr - base;

	if (addr < base || off > total || len > total - off || (off & (align - 1)) != 0)
		return (NULL);
	return ((const uint8_t *)image + off);
}

static const char *
name_at(const void *image, uint64_t total, uint64_t base, uint64_t addr)
{
	const char *s = (const char *)at(image, total, base, addr, 1, 1);
	uint64_t room = s != NULL ? total - (addr - base) : 0, n;

	for (n = 0; n < room && n < MAXMODNAME; n++)
		if (s[n] == '\0')
			return (n > 0 ? s : NULL);
	return (NULL);
}

int
modmeta_read(const void *image, uint64_t total, uint64_t base, uint64_t set_off,
    uint64_t set_size, unsigned i, struct modmeta *m, char *err, size_t errlen)
{
	const uint8_t *p;
	struct mod_metadata md;
	uint64_t ptr;

	memset(m, 0, sizeof(*m));
	if ((uint64_t)i >= set_size / 8 ||
	    (p = at(image, total, 0, set_off + 8ULL * i, 8, 8)) == NULL) {
		ksnprintf(err, errlen, "module metadata entry %u is outside the set", i);
		return (-1);
	}
	memcpy(&ptr, p, 8);
	if ((p = at(image, total, base, ptr, sizeof(md), 8)) == NULL) {
		ksnprintf(err, errlen, "module metadata entry %u points outside the module", i);
		return (-1);
	}
	memcpy(&md, p, sizeof(md));
	m->type = md.md_type;
	if (md.md_version != MDT_STRUCT_VERSION) {
		ksnprintf(err, errlen, "module metadata entry %u has version %d, not %d", i,
		    md.md_version, MDT_STRUCT_VERSION);
		return (-1);
	}
	if (md.md_type != MDT_DEPEND && md.md_type != MDT_MODULE && md.md_type != MDT_VERSION)
		return (0);
	if ((m->name = name_at(image, total, base, (uint64_t)(uintptr_t)md.md_cval)) == NULL) {
		ksnprintf(err, errlen, "module metadata entry %u has no valid module name "
		    "(inside the module, 1 to %d bytes)", i, MAXMODNAME - 1);
		return (-1);
	}
	m->data = (uint64_t)(uintptr_t)md.md_data;
	if (md.md_type == MDT_DEPEND) {
		struct mod_depend d;

		if ((p = at(image, total, base, m->data, sizeof(d), 4)) == NULL)
			goto bad_data;
		memcpy(&d, p, sizeof(d));
		m->ver_min = d.md_ver_minimum;
		m->ver_pref = d.md_ver_preferred;
		m->ver_max = d.md_ver_maximum;
	} else if (md.md_type == MDT_VERSION) {
		struct mod_version v;

		if ((p = at(image, total, base, m->data, sizeof(v), 4)) == NULL)
			goto bad_data;
		memcpy(&v, p, sizeof(v));
		m->ver_min = m->ver_pref = m->ver_max = v.mv_version;
	} else if (at(image, total, base, m->data, 8, 8) == NULL)
		goto bad_data;
	return (0);
bad_data:
	ksnprintf(err, errlen, "module metadata for %s points outside the module", m->name);
	return (-1);
}
