export default function Layout({ children }: { children: React.ReactNode }) { return <html lang="pl"><body>{children}</body></html>; }
