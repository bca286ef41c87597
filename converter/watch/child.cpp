#include "child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace kpimap::watch {

bool Child::start(const std::vector<std::string>& argv, const std::filesystem::path& log,
                  std::uint64_t memory_limit, std::chrono::milliseconds time_limit,
                  std::error_code& error) {
    // Everything the child needs is made before fork: after it, only async-signal-safe calls.
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const std::string log_path = log.string();
    const pid_t pid = ::fork();
    if (pid < 0) {
        error = {errno, std::generic_category()};
        return false;
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        const int null_fd = ::open("/dev/null", O_RDONLY);
        const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (null_fd >= 0) ::dup2(null_fd, 0);
        if (log_fd >= 0) {
            ::dup2(log_fd, 1);
            ::dup2(log_fd, 2);
        }
        if (memory_limit > 0) {
            const rlimit limit{memory_limit, memory_limit};
            ::setrlimit(RLIMIT_AS, &limit);
        }
        // The watcher's handlers and mask must not leak into the conversion.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::signal(SIGTERM, SIG_DFL);
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGHUP, SIG_DFL);
        ::execv(args[0], args.data());
        static const char message[] = "kpimap watch: could not start the converter\n";
        [[maybe_unused]] const ssize_t n = ::write(2, message, sizeof message - 1);
        ::_exit(127);
    }
    ::setpgid(pid, pid);  // also from the parent, so kill(-pid) works at once
    pid_ = pid;
    started_ = Clock::now();
    deadline_ = started_ + time_limit;
    killed_ = false;
    return true;
}

bool Child::poll(ChildEnd& end) {
    if (pid_ < 0) return false;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == 0) {
        if (!killed_ && Clock::now() >= deadline_) {
            ::kill(-pid_, SIGKILL);
            killed_ = true;
        }
        return false;
    }
    end = {};
    end.timed_out = killed_;
    end.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    if (r == pid_ && WIFEXITED(status)) end.exit_code = WEXITSTATUS(status);
    if (r == pid_ && WIFSIGNALED(status)) end.signal = WTERMSIG(status);
    // Grandchildren of the group, if the converter left any, go with it.
    ::kill(-pid_, SIGKILL);
    pid_ = -1;
    return true;
}

void Child::kill() {
    if (pid_ > 0) {
        ::kill(-pid_, SIGKILL);
        killed_ = true;
    }
}

}  // namespace kpimap::watch
