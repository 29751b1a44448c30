/*
 * DHCP in the kernel: one thread per interface runs the portable client
 * (net/dhcp_client.c), started by rc.conf's ifconfig_<if>="DHCP" or the
 * `dhclient` shell command.
 */
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/shell.h>

#include "net/dhcp_client.h"
#include "net/if_var.h"
#include "net/net_errno.h"
#include <net/net_kern.h>

static void
dhclient_thread(void *arg)
{
	struct dhcp_client *c = arg;

	dhcp_client_run(c);
	dhcp_client_destroy(c);
	kthread_exit();
}

int
net_dhclient_start(struct ifnet *ifp)
{
	struct dhcp_client *c;
	int error;

	if ((error = dhcp_client_create(ifp, &c)) != 0)
		return (error);
	if (kthread_create(dhclient_thread, c, PRI_KERN, NOCPU, "dhclient %s",
	    ifp->if_xname) == NULL) {
		dhcp_client_destroy(c);
		return (ENOMEM);
	}
	return (0);
}

static int
cmd_dhclient(int argc, char **argv)
{
	struct ifnet *ifp;
	int error;

	if (argc != 2)
		return (shell_usage(argv[0], NULL));
	if ((ifp = ifunit(argv[1])) == NULL) {
		printf("dhclient: %s: no such interface\n", argv[1]);
		return (1);
	}
	if ((error = net_dhclient_start(ifp)) != 0) {
		printf("dhclient: %s: %s\n", argv[1], error == EEXIST ?
		    "already running" : "cannot start");
		return (1);
	}
	printf("dhclient: %s: started\n", argv[1]);
	return (0);
}
SHELL_COMMAND(dhclient, cmd_dhclient, "dhclient ifname",
    "configure an interface by DHCP (a client thread per interface)");
