/*
 * 16550 UART driver for the console on COM1 (I/O port 0x3f8), 115200 8N1.
 *
 * Output is polled: it works from the first instruction and inside panic
 * and exception handlers.
 *
 * Input arrives by interrupt once uart_intr_attach() has routed IRQ 4
 * (the RX-data-available and RX-timeout interrupts) through the I/O APIC:
 * the handler moves the chip's 16-byte FIFO into a 16 KiB ring, so a paste
 * at full line speed arrives whole however late the reader comes.  Readers
 * (uart_getc_nowait) drain the FIFO into the same ring under the same lock
 * before they take a byte, so before the interrupt is attached (early
 * boot), on a CPU with interrupts off, or in the kernel shell, input still
 * comes in order -- one path, polled or not.  When the ring is full the
 * RX interrupt is masked and the FIFO left alone: the sender (QEMU, or a
 * UART with flow control) holds the rest back instead of it being lost;
 * the first reader that makes room unmasks it.  Bytes the chip itself
 * dropped (LSR overrun) are counted: hw.uart.rx_overruns.
 */
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <machine/intr_machdep.h>
#include <dev/uart/uart_16550.h>

#define COM1		0x3f8
#define COM1_IRQ	4
#define REG_DATA	0	/* RBR/THR; DLL when DLAB=1 */
#define REG_IER		1	/* interrupt enable; DLM when DLAB=1 */
#define REG_IIR		2	/* interrupt identification (read) */
#define REG_FCR		2	/* FIFO control (write) */
#define REG_LCR		3	/* line control */
#define REG_MCR		4	/* modem control */
#define REG_LSR		5	/* line status */
#define REG_MSR		6	/* modem status */
#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define LSR_DR		0x01	/* data ready */
#define LSR_OE		0x02	/* overrun: the chip dropped a byte */
#define LSR_THRE	0x20	/* transmit holding register empty */
#define IER_RDA		0x01	/* RX data available and RX timeout */
#define IER_RLS		0x04	/* RX line status (overrun) */
#define IIR_NOPEND	0x01
#define MCR_DTR_RTS	0x03
#define MCR_OUT2	0x08	/* gates the IRQ line on PC hardware */

#define RX_RING		16384	/* a power of 2 */

static struct mtx	uart_rx_mtx;	/* the ring and the chip's RX side */
static uint8_t		rx_ring[RX_RING];
static unsigned		rx_head, rx_count;
static int		rx_intr_on;	/* IRQ 4 routed */
static int		rx_throttled;	/* ring full: RX interrupt masked */
static uint64_t		rx_overruns, rx_intrs, rx_bytes, rx_throttles;
SYSCTL_U64("hw.uart.rx_overruns", &rx_overruns, "console bytes the UART dropped (FIFO overrun)");
SYSCTL_U64("hw.uart.rx_intrs", &rx_intrs, "console UART receive interrupts");
SYSCTL_U64("hw.uart.rx_bytes", &rx_bytes, "console bytes received");
SYSCTL_U64("hw.uart.rx_throttles", &rx_throttles,
    "times the console's receive ring filled and input was held back");
static void	(*rx_notify)(void);

void
uart_init(void)
{
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DATA, 1);	/* divisor 1: 115200 baud */
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, LCR_8N1);
	outb(COM1 + REG_FCR, 0xc7);	/* enable and clear FIFOs, 14-byte threshold */
	outb(COM1 + REG_MCR, MCR_DTR_RTS);
}

void
uart_putc(int c)
{
	int spins = 100000;

	/* Bounded wait: a wedged port must not hang the kernel. */
	while ((inb(COM1 + REG_LSR) & LSR_THRE) == 0 && --spins > 0)
		cpu_pause();
	outb(COM1 + REG_DATA, (uint8_t)c);
}

/* The chip's FIFO into the ring (uart_rx_mtx held); stops, masked, when the ring is full. */
static void
uart_rx_drain(void)
{
	uint8_t lsr;

	while (((lsr = inb(COM1 + REG_LSR)) & LSR_DR) != 0) {
		if (lsr & LSR_OE)
			rx_overruns++;
		if (rx_count == RX_RING) {
			if (rx_intr_on && !rx_throttled) {
				outb(COM1 + REG_IER, IER_RLS);
				rx_throttled = 1;
				rx_throttles++;
			}
			return;
		}
		rx_ring[(rx_head + rx_count++) & (RX_RING - 1)] = inb(COM1 + REG_DATA);
		rx_bytes++;
	}
	if (lsr & LSR_OE)
		rx_overruns++;
}

int
uart_getc_nowait(void)
{
	/*
	 * Before the interrupt is attached nothing races the reader (and
	 * early on there are no per-CPU data for a lock); a panic must read
	 * even if the lock is wedged.
	 */
	int c = -1, locked = rx_intr_on && !panicstr_set;

	if (locked)
		mtx_lock_spin(&uart_rx_mtx);
	uart_rx_drain();
	if (rx_count > 0) {
		c = rx_ring[rx_head];
		rx_head = (rx_head + 1) & (RX_RING - 1);
		rx_count--;
		if (rx_throttled && rx_count <= RX_RING / 2) {
			rx_throttled = 0;
			outb(COM1 + REG_IER, IER_RDA | IER_RLS);
			uart_rx_drain();
		}
	}
	if (locked)
		mtx_unlock_spin(&uart_rx_mtx);
	return (c);
}

/* IRQ 4: read the FIFO into the ring until the chip has nothing pending. */
static void
uart_intr(void *arg __unused, struct trapframe *tf __unused)
{
	int i;
	uint8_t iir;

	mtx_lock_spin(&uart_rx_mtx);
	rx_intrs++;
	/* Edge-triggered: leave nothing pending, or no new edge ever comes. */
	for (i = 0; i < 64 && ((iir = inb(COM1 + REG_IIR)) & IIR_NOPEND) == 0; i++) {
		switch (iir & 0x0e) {
		case 0x06:		/* line status */
			if (inb(COM1 + REG_LSR) & LSR_OE)
				rx_overruns++;
			break;
		case 0x04:		/* data available */
		case 0x0c:		/* timeout */
			uart_rx_drain();
			if (rx_throttled)
				goto out;	/* masked now: the rest waits in the FIFO */
			break;
		case 0x00:		/* modem status (not enabled) */
			(void)inb(COM1 + REG_MSR);
			break;
		default:		/* THR empty (not enabled) */
			break;
		}
	}
out:
	mtx_unlock_spin(&uart_rx_mtx);
	if (rx_notify != NULL)
		rx_notify();
}

int
uart_intr_attach(void (*notify)(void))
{
	rx_notify = notify;
	mtx_init(&uart_rx_mtx, "uart rx", MTX_SPIN);
	rx_intr_on = 1;		/* readers lock from now on */
	if (intr_register_irq(COM1_IRQ, uart_intr, NULL, "uart0") < 0) {
		rx_intr_on = 0;
		return (-1);	/* input stays polled; the message is printed */
	}
	mtx_lock_spin(&uart_rx_mtx);
	outb(COM1 + REG_MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(COM1 + REG_IER, IER_RDA | IER_RLS);
	uart_rx_drain();	/* what came before: an edge only comes for new data */
	mtx_unlock_spin(&uart_rx_mtx);
	return (0);
}
