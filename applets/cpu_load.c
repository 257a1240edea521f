// SPDX-License-Identifier: MIT
/* cpu_load.c - placeholder: the applet's behaviour is another issue's work. */
#include "hind.h"

const char cpu_load_usage[] = "Usage: cpu_load [OPTIONS]\n";

int cpu_load_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not implemented yet");
}
