/* Exits 0 at once: what the fork+exec stress test runs a thousand times. */
int
main(void)
{
	return (0);
}
