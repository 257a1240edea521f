build/obj/core/die.o: core/die.c core/hind.h build/generated/config.h \
 applets/applets.h core/cgroup.h
core/hind.h:
build/generated/config.h:
applets/applets.h:
core/cgroup.h:
