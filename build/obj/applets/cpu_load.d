build/obj/applets/cpu_load.o: applets/cpu_load.c core/hind.h \
 build/generated/config.h applets/applets.h core/cgroup.h
core/hind.h:
build/generated/config.h:
applets/applets.h:
core/cgroup.h:
