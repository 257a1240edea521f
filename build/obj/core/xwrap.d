build/obj/core/xwrap.o: core/xwrap.c core/hind.h build/generated/config.h \
 applets/applets.h core/cgroup.h
core/hind.h:
build/generated/config.h:
applets/applets.h:
core/cgroup.h:
