// SPDX-License-Identifier: MIT
/* hind_cgls.c - placeholder: the applet's behaviour is another issue's work. */
#include "hind.h"

const char hind_cgls_usage[] = "Usage: hind-cgls [OPTIONS]\n";

int hind_cgls_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not implemented yet");
}
