// SPDX-License-Identifier: MIT
/* hind_run.c - placeholder: the applet's behaviour is another issue's work. */
#include "hind.h"

const char hind_run_usage[] = "Usage: hind-run [OPTIONS]\n";

int hind_run_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not implemented yet");
}
