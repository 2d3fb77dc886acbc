// Checks that screenshots are real pictures, not blank frames: each PNG must decode, have the
// expected size, and show enough distinct colours and bright pixels (text) to be a drawn UI.
#include <stb_image.h>

#include <cstdio>
#include <set>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: png_check FILE.png...\n");
        return 2;
    }
    int failures = 0;
    for (int i = 1; i < argc; ++i) {
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load(argv[i], &w, &h, &n, 3);
        if (!px) {
            std::fprintf(stderr, "%s: cannot decode: %s\n", argv[i], stbi_failure_reason());
            ++failures;
            continue;
        }
        std::set<unsigned> colours;
        long bright = 0;
        const long total = static_cast<long>(w) * h;
        for (long p = 0; p < total; ++p) {
            const unsigned char* c = px + p * 3;
            colours.insert((unsigned(c[0]) << 16) | (unsigned(c[1]) << 8) | c[2]);
            if (c[0] + c[1] + c[2] > 450) ++bright;
        }
        stbi_image_free(px);
        const bool ok = w >= 800 && h >= 600 && colours.size() >= 50 && bright > total / 500;
        std::printf("%s: %dx%d, %zu colours, %.2f%% bright pixels: %s\n", argv[i], w, h, colours.size(),
                    100.0 * static_cast<double>(bright) / static_cast<double>(total), ok ? "ok" : "BLANK");
        failures += ok ? 0 : 1;
    }
    return failures ? 1 : 0;
}
