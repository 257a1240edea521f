// SPDX-License-Identifier: MIT
/* memory_load.c - placeholder: the applet's behaviour is another issue's work. */
#include "hind.h"

const char memory_load_usage[] = "Usage: memory_load [OPTIONS]\n";

int memory_load_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not implemented yet");
}
