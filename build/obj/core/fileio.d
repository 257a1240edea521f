build/obj/core/fileio.o: core/fileio.c core/hind.h \
 build/generated/config.h applets/applets.h core/cgroup.h
core/hind.h:
build/generated/config.h:
applets/applets.h:
core/cgroup.h:
