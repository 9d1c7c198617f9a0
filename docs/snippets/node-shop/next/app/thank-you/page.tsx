export default function ThankYou() { return <h1>Dziękujemy za zamówienie!</h1>; }
