/* The 16550 serial port used as the kernel console (COM1). */
#ifndef DEV_UART_16550_H
#define DEV_UART_16550_H

void	uart_init(void);
void	uart_putc(int c);
int	uart_getc_nowait(void);		/* -1 when no byte is waiting */

#endif
