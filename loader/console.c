/*
 * The loader's printf is the libc's (loader/libc/stdio.c): its output hook
 * (set by loader_libc_init() in lua_glue.c before anything is printed)
 * sends the bytes to the firmware console, where '\n' becomes CR LF.
 */
