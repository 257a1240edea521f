build/obj/applets/hind_cgls.o: applets/hind_cgls.c core/hind.h \
 build/generated/config.h applets/applets.h core/cgroup.h
core/hind.h:
build/generated/config.h:
applets/applets.h:
core/cgroup.h:
