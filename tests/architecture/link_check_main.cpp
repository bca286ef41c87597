// The program each layer's library is linked into, whole, with only the layers it uses
// (tests/architecture/CMakeLists.txt): it links only if the layer calls nothing above itself.
int main() { return 0; }
