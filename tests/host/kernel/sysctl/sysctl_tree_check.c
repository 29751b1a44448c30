/*
 * Host driver of the sysctl tree (kernel/kern/subr_sysctl_tree.c), for
 * test_sysctl_tree.py.  argv[1] is a file of oid names, one per line; the
 * commands come on stdin, one answer line each:
 *
 *   walk           every leaf through sysctl_tree_next from {}: "mib name" lines,
 *                  then "end"
 *   lookup NAME    its MIB ("1.1"), or "ENOENT"
 *   find MIB       its name (MIB "1.1"; "-" for the root), or "ENOENT"/"ENOTDIR"
 *   next MIB       the leaf after it, "mib name", or "end"
 *   small          builds with exactly the nodes used, then one fewer:
 *                  "built refused" as it should be
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanpo/sysctl.h>
#include "kernel/sys/sysctl_tree.h"

static int
parse_mib(const char *s, int *mib)
{
	char *end;
	unsigned n = 0;

	if (strcmp(s, "-") == 0)
		return (0);
	for (;;) {
		mib[n++] = (int)strtol(s, &end, 10);
		if (*end != '.' || n == CTL_MAXNAME)
			return ((int)n);
		s = end + 1;
	}
}

static void
print_node(const struct sysctl_node *n)
{
	int mib[CTL_MAXNAME];
	unsigned len = sysctl_node_mib(n, mib), i;
	char name[512];

	for (i = 0; i < len; i++)
		printf("%s%d", i ? "." : "", mib[i]);
	if (sysctl_node_path(n, name, sizeof(name)) != 0)
		strcpy(name, "(too long)");
	printf(" %s\n", name);
}

int
main(int argc, char **argv)
{
	static char *names[4096];
	static const void *leaves[4096];
	struct sysctl_tree t, small;
	struct sysctl_node *nodes, *n;
	char line[512], *arg;
	int mib[CTL_MAXNAME], len, count = 0, max, error;
	FILE *f;

	if (argc != 2 || (f = fopen(argv[1], "r")) == NULL)
		return (2);
	while (count < 4096 && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		names[count] = strdup(line);
		leaves[count] = names[count];
		count++;
	}
	fclose(f);
	max = sysctl_tree_size((const char *const *)names, count);
	nodes = calloc(max, sizeof(*nodes));
	if (sysctl_tree_build(&t, nodes, max, (const char *const *)names, leaves, count) != 0)
		return (3);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		arg = strchr(line, ' ');
		if (arg != NULL)
			*arg++ = '\0';
		if (strcmp(line, "walk") == 0) {
			len = 0;
			while ((n = sysctl_tree_next(&t, mib, (unsigned)len)) != NULL) {
				if (n->leaf == NULL) {
					printf("a node, not a leaf\n");
					break;
				}
				print_node(n);
				len = (int)sysctl_node_mib(n, mib);
			}
			printf("end\n");
		} else if (strcmp(line, "lookup") == 0) {
			if ((n = sysctl_tree_lookup(&t, arg)) == NULL)
				printf("ENOENT\n");
			else
				print_node(n);
		} else if (strcmp(line, "find") == 0) {
			len = parse_mib(arg, mib);
			if ((n = sysctl_tree_find(&t, mib, (unsigned)len, &error)) != NULL)
				print_node(n);
			else
				printf("%s\n", error == ENOTDIR ? "ENOTDIR" : error == ENOENT ?
				    "ENOENT" : "?");
		} else if (strcmp(line, "next") == 0) {
			len = parse_mib(arg, mib);
			if ((n = sysctl_tree_next(&t, mib, (unsigned)len)) != NULL)
				print_node(n);
			else
				printf("end\n");
		} else if (strcmp(line, "small") == 0) {
			/* The nodes the tree uses, then one fewer. */
			len = t.n;
			printf("%s ", sysctl_tree_build(&small, nodes, len,
			    (const char *const *)names, leaves, count) != 0 ? "refused" : "built");
			printf("%s\n", sysctl_tree_build(&small, nodes, len - 1,
			    (const char *const *)names, leaves, count) != 0 ? "refused" : "built");
			sysctl_tree_build(&t, nodes, max, (const char *const *)names, leaves, count);
		} else
			printf("? %s\n", line);
		fflush(stdout);
	}
	for (len = 0; len < count; len++)
		free(names[len]);
	free(nodes);
	return (0);
}
