build/obj/core/parse.o: core/parse.c core/hind.h build/generated/config.h \
 applets/applets.h core/cgroup.h
core/hind.h:
build/generated/config.h:
applets/applets.h:
core/cgroup.h:
