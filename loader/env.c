/*
 * The loader environment: name=value pairs set by loader.conf, `set` at the
 * prompt and the loader itself, passed to the kernel in insertion order
 * (the kernel's kenv(1) shows them the same way).
 */
#include <stddef.h>
#include <string.h>

#include "efi/efi_platform.h"
#include "loader/loader.h"

struct env_var {
	struct env_var	*next;
	char		*name;		/* points into the same allocation */
	char		*value;
};

static struct env_var	*env_head;

static struct env_var **
find(const char *name)
{
	struct env_var **vp;

	for (vp = &env_head; *vp != NULL; vp = &(*vp)->next)
		if (strcmp((*vp)->name, name) == 0)
			return (vp);
	return (NULL);
}

const char *
env_get(const char *name)
{
	struct env_var **vp = find(name);

	return (vp != NULL ? (*vp)->value : NULL);
}

static int
valid_name(const char *name)
{
	if (*name == '\0')
		return (0);
	for (; *name != '\0'; name++)
		if (*name == '=' || *name <= ' ' || *name > '~')
			return (0);
	return (1);
}

int
env_set(const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	struct env_var *v, **vp, **tail;
	char *p;

	if (!valid_name(name))
		return (-1);
	v = plat_alloc(sizeof(*v) + nl + vl + 2);
	if (v == NULL)
		return (-1);
	p = (char *)(v + 1);
	v->name = p;
	for (size_t i = 0; i <= nl; i++)
		*p++ = name[i];
	v->value = p;
	for (size_t i = 0; i <= vl; i++)
		*p++ = value[i];
	/* Replace in place, so the order a variable was first set is kept. */
	if ((vp = find(name)) != NULL) {
		v->next = (*vp)->next;
		plat_free(*vp);
		*vp = v;
		return (0);
	}
	for (tail = &env_head; *tail != NULL; tail = &(*tail)->next)
		;
	v->next = NULL;
	*tail = v;
	return (0);
}

int
env_unset(const char *name)
{
	struct env_var **vp = find(name), *v;

	if (vp == NULL)
		return (-1);
	v = *vp;
	*vp = v->next;
	plat_free(v);
	return (0);
}

void
env_foreach(env_cb *cb, void *arg)
{
	struct env_var *v;

	for (v = env_head; v != NULL; v = v->next)
		cb(v->name, v->value, arg);
}

size_t
env_serialize(char *buf, size_t len)
{
	struct env_var *v;
	size_t pos = 0;
	const char *s;

	for (v = env_head; v != NULL; v = v->next) {
		for (s = v->name; *s != '\0'; s++, pos++)
			if (pos < len) buf[pos] = *s;
		if (pos < len) buf[pos] = '=';
		pos++;
		for (s = v->value; ; s++, pos++) {
			if (pos < len) buf[pos] = *s;
			if (*s == '\0') break;
		}
		pos++;
	}
	if (pos < len)
		buf[pos] = '\0';
	return (pos + 1);
}

int
env_is_yes(const char *name)
{
	const char *v = env_get(name);

	return (v != NULL && (strcmp(v, "YES") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "Yes") == 0 || strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "TRUE") == 0));
}
