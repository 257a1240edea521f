build/obj/applets/main.o: applets/main.c core/hind.h \
 build/generated/config.h applets/applets.h core/cgroup.h \
 applets/applets.h
core/hind.h:
build/generated/config.h:
applets/applets.h:
core/cgroup.h:
applets/applets.h:
