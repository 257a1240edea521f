build/obj/applets/memory_load.o: applets/memory_load.c core/hind.h \
 build/generated/config.h applets/applets.h core/cgroup.h
core/hind.h:
build/generated/config.h:
applets/applets.h:
core/cgroup.h:
