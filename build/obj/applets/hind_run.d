build/obj/applets/hind_run.o: applets/hind_run.c core/hind.h \
 build/generated/config.h applets/applets.h core/cgroup.h
core/hind.h:
build/generated/config.h:
applets/applets.h:
core/cgroup.h:
