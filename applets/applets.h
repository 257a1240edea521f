/* SPDX-License-Identifier: MIT */
/*
 * applets.h - the one registry of applets, an X-macro list.
 *
 * APPLET(name, stem, error_status, summary):
 *   name          what the user types and what the link is called
 *   stem          C stem: stem_main() and stem_usage[] in applets/stem.c
 *   error_status  exit status of die*() and usage errors in this applet
 *   summary       one line for 'hind --help'
 *
 * Each line is wrapped in the IF_<SYMBOL>() macro generated from .config,
 * so a disabled applet vanishes from the table; the Makefile's obj-y list
 * keeps it out of the link. Keep the list sorted by name: the dispatcher
 * searches it with bsearch and a unit test checks the order.
 */
IF_CPU_LOAD(APPLET("cpu_load", cpu_load, 1,
		   "burn CPU and report the share achieved against the quota"))
IF_HIND_CGLS(APPLET("hind-cgls", hind_cgls, 1,
		    "show the cgroup tree with processes and usage vs limits"))
IF_HIND_OCI(APPLET("hind-oci", hind_oci, 1,
		   "an OCI runtime with runc's command line (containerd, podman)"))
IF_HIND_RUN(APPLET("hind-run", hind_run, 125,
		   "run a command in new namespaces under cgroup limits"))
IF_MEMORY_LOAD(APPLET("memory_load", memory_load, 1,
		      "allocate and touch memory, report what the cgroup charges"))
