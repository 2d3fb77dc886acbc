/* Loaded with LD_PRELOAD by tests/smoke/xapi_lrs.py: any attempt to open an Internet connection
 * (IPv4 or IPv6; local sockets such as the X server's are let through) ends the program with exit
 * code 97 and a line on stderr, so a test can prove that socsim without an LRS never reaches the
 * network. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static void refuse(const char* call, const struct sockaddr* addr) {
    if (addr && (addr->sa_family == AF_INET || addr->sa_family == AF_INET6)) {
        fprintf(stderr, "no_network: %s to an Internet address refused\n", call);
        _exit(97);
    }
}

int connect(int fd, const struct sockaddr* addr, socklen_t len) {
    refuse("connect", addr);
    int (*real)(int, const struct sockaddr*, socklen_t) = (int (*)(int, const struct sockaddr*, socklen_t))dlsym(RTLD_NEXT, "connect");
    return real(fd, addr, len);
}

ssize_t sendto(int fd, const void* buf, size_t n, int flags, const struct sockaddr* addr, socklen_t len) {
    refuse("sendto", addr);
    ssize_t (*real)(int, const void*, size_t, int, const struct sockaddr*, socklen_t) =
        (ssize_t (*)(int, const void*, size_t, int, const struct sockaddr*, socklen_t))dlsym(RTLD_NEXT, "sendto");
    return real(fd, buf, n, flags, addr, len);
}
